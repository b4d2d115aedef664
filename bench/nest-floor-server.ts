/**
 * For scale in `bench:commands`: a bare NestJS 11 + Express app with one route
 * answering a constant JSON body — no middleware, no guard, no validation, no
 * storage. What the framework alone costs per request on this machine.
 * Prints `listening <port>` when ready.
 */
import 'reflect-metadata';
import { Controller, Module, Param, Patch } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

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
  const app = await NestFactory.create(FloorModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`listening ${address.port}\n`);
}

void main();
