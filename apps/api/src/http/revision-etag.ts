import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every write that answers a `revision` carries it as its ETag: the project's revision after the write. */
@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    if (!WRITES.has(http.getRequest<FastifyRequest>().method)) return next.handle();
    const response = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number' && !response.sent) response.header('ETag', `"${revision}"`);
        return body;
      }),
    );
  }
}
