/**
 * RFC 9457 problem details: the body of every error answer of the api
 * (`Content-Type: application/problem+json`).
 */
export interface ProblemDetails {
  /** A URI naming the kind of problem; stable, for machines. */
  readonly type: string;
  /** A short summary of the kind of problem, for people. */
  readonly title: string;
  /** The HTTP status code. */
  readonly status: number;
  /** What happened this time, for people. */
  readonly detail?: string;
  /** The request path that met the problem. */
  readonly instance?: string;
  /** Extensions, for example the invalid fields of a 400. */
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
