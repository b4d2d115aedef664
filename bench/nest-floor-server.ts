/**
 * For scale in `bench:commands`: a bare NestJS 11 + Fastify app (the platform
 * the api runs on) with one route answering a constant JSON body — no
 * middleware, no guard, no validation, no storage. What the framework alone
 * costs per request on this machine.
 * Prints `listening <port>` when ready.
 */
import 'reflect-metadata';
import { Controller, Module, Param, Patch } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class FloorController {
  @Patch('api/projects/:projectId/tasks/:taskId')
  edit(@Param('taskId') taskId: string): { revision: number; events: Array<{ type: string; revision: number }> } {
    return { revision: 1, events: [{ type: 'TaskUpdated', revision: taskId.length }] };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`listening ${address.port}\n`);
}

void main();
