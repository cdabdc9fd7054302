import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

export const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');

/**
 * One isolated handlebars environment; every template compiled once and cached. {{ }} escapes
 * HTML, so user text is safe in pages; templates never use triple braces for user data.
 */
const hbs = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

/** Every file of templates/partials is a partial by its name (`{{> nav}}`), registered once at load. */
const PARTIALS_DIR = path.join(TEMPLATES_DIR, 'partials');
for (const file of fs.readdirSync(PARTIALS_DIR)) {
  if (file.endsWith('.hbs'))
    hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(PARTIALS_DIR, file), 'utf8'));
}

function template(name: string): Handlebars.TemplateDelegate {
  let t = cache.get(name);
  if (!t) {
    const file = path.join(TEMPLATES_DIR, `${name}.hbs`);
    t = hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false, noEscape: false });
    cache.set(name, t);
  }
  return t;
}

export function renderTemplate(name: string, data: Record<string, unknown>): string {
  return template(name)(data);
}

/** A page inside the main layout. */
export function renderPage(page: string, data: Record<string, unknown>): string {
  return renderTemplate('layouts/main', { ...data, body: renderTemplate(`pages/${page}`, data) });
}
