import type { Role } from '../../src/shared/http/actor';
import { isolatedTestContext, testContext, TestContext } from './app';
import { createTestUser, TestUser } from './factories';

type Env = Record<string, string>;

export interface TestAppOptions {
  /** Settings over the test defaults; a function when they are only known once something listens. */
  env?: Env | (() => Promise<Env>);
  /** A database of its own (ERP snapshots, the sync lock); see isolatedTestContext. */
  isolated?: boolean;
  /** A fresh app before each test instead of one for the whole file. */
  perTest?: boolean;
}

export interface TestApp extends TestContext {
  /** Only with `isolated`. */
  readonly databaseUrl: string;
  /**
   * A user of this role with a bearer token, created when the app is built, before the tests
   * run. Call it where the file declares its users; read its fields inside hooks and tests.
   */
  user(role: Role, accountId?: string): TestUser;
}

/**
 * The preamble of a test file that talks to the app: builds the real app on the test database in
 * beforeAll (beforeEach with `perTest`), signs in the users the file asks for, closes it all
 * afterwards. The returned object reads the current app, so it can be declared at the top.
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  let current: (TestContext & { databaseUrl?: string }) | undefined;
  const wanted: Array<{ role: Role; accountId?: string; user?: TestUser }> = [];
  const built = () => {
    if (!current) throw new Error('useTestApp: the app is built in beforeAll; use it inside hooks and tests');
    return current;
  };

  const [before, after] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    const env = typeof options.env === 'function' ? await options.env() : (options.env ?? {});
    current = options.isolated ? await isolatedTestContext(env) : testContext(env);
    for (const w of wanted) w.user = await createTestUser(current.deps.db, w.role, w.accountId);
  });
  after(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });

  return {
    get deps() {
      return built().deps;
    },
    get http() {
      return built().http;
    },
    get dir() {
      return built().dir;
    },
    get databaseUrl() {
      const url = built().databaseUrl;
      if (!url) throw new Error('useTestApp: databaseUrl needs { isolated: true }');
      return url;
    },
    close: () => built().close(),
    user(role, accountId) {
      const w: (typeof wanted)[number] = { role, ...(accountId && { accountId }) };
      wanted.push(w);
      return signedIn(() => {
        if (!w.user) throw new Error(`useTestApp: the ${role} is created in beforeAll; read it in tests`);
        return w.user;
      });
    },
  };
}

/** A TestUser whose fields are read from the user of the current app. */
function signedIn(read: () => TestUser): TestUser {
  const user = {} as TestUser;
  for (const key of ['id', 'email', 'role', 'accountId', 'token', 'auth'] as const)
    Object.defineProperty(user, key, { enumerable: true, get: () => read()[key] });
  return user;
}
