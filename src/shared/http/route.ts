import type { Request, Response } from 'express';
import type { Actor, Role } from './actor';
import { compileValidator, JsonSchema, Schema, Validator } from './validation';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** 'public': no credentials; 'any': any signed-in user; else the roles allowed. */
export type Access = 'public' | 'any' | readonly Role[];

export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** null only on public routes. */
  actor: Actor | null;
  req: Request;
  res: Response;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ResponseDoc {
  description: string;
  schema?: JsonSchema;
  contentType?: string;
}

export interface RouteSpec<B = unknown, Q = Record<string, string>, P = Record<string, string>> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** A schema built with `S` carries its type, so the compiler checks it against B, Q and P. */
  body?: Schema<B>;
  query?: Schema<Q>;
  params?: Schema<P>;
  responses: Record<number, ResponseDoc>;
  /** Return a result, or write to ctx.res yourself (files, pages) and return nothing. */
  handler: (ctx: RouteContext<B, Q, P>) => Promise<HttpResult | void>;
}

/** A route with its schemas compiled once, at definition time. */
export interface Route<B = unknown, Q = Record<string, string>, P = Record<string, string>>
  extends RouteSpec<B, Q, P> {
  validateBody?: Validator<B>;
  validateQuery: Validator<Q>;
  validateParams: Validator<P>;
}

const EMPTY_OBJECT = { type: 'object', properties: {}, additionalProperties: false };

export function defineRoute<B = unknown, Q = Record<string, string>, P = Record<string, string>>(
  spec: RouteSpec<B, Q, P>,
): Route<B, Q, P> {
  const route: Route<B, Q, P> = {
    ...spec,
    validateQuery: compileValidator<Q>(spec.query ?? EMPTY_OBJECT),
    validateParams: compileValidator<P>(spec.params ?? EMPTY_OBJECT),
  };
  if (spec.body) route.validateBody = compileValidator<B>(spec.body);
  return route;
}

/** Routes are heterogeneous in their generics; the registry only needs them erased. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = Route<any, any, any>;
