import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto';

/** The OpenAPI description, generated from the controllers and DTOs. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Client projects API')
    .setDescription(
      'Event-sourced collaboration for projects run for a client. Every error is an RFC 9457 problem ' +
        '(`application/problem+json`). See README.md and docs/ for the model behind it.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] });
  documentIdempotency(document);
  documentCausedBy(document);
  return document;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

type Operation = NonNullable<OpenAPIObject['paths'][string]['post']>;

/** Each write operation of the document, with its route. */
function* writes(document: OpenAPIObject): Generator<[route: string, operation: Operation]> {
  for (const [route, path] of Object.entries(document.paths)) {
    for (const method of WRITE_METHODS) {
      const operation = path[method];
      if (operation !== undefined) yield [route, operation];
    }
  }
}

/** Every write takes an Idempotency-Key: one description, applied to all of them. */
function documentIdempotency(document: OpenAPIObject): void {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } };
  for (const [, operation] of writes(document)) {
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 255 },
        description:
          'Any unique string (a UUID): a repeat with the same key gets the first answer again and writes nothing ' +
          '(header Idempotent-Replayed: true); the same key with a different request is 422. Remembered for 24 hours.',
      },
    ];
    operation.responses['409'] ??= { description: 'A request with this Idempotency-Key is still being processed', content: problem };
    operation.responses['422'] ??= { description: 'This Idempotency-Key was used with a different request', content: problem };
  }
}

/** Every write under a project may say which decision it carries out: one description, applied to all of them. */
function documentCausedBy(document: OpenAPIObject): void {
  for (const [route, operation] of writes(document)) {
    if (!route.startsWith('/api/projects/{projectId}')) continue;
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: 'Caused-By',
        in: 'header',
        required: false,
        schema: { type: 'string', format: 'uuid' },
        description:
          'The id of the decision of this project that this write carries out: its events carry it as `causationId`, and ' +
          '`GET …/decisions/:decisionId/history` lists them. Not a UUID: 400; no such decision in the project: 404.',
      },
    ];
  }
}

/** Serves the UI at /api/docs and the JSON at /api/docs-json. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApi(app), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
