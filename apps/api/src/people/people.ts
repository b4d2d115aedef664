import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore, type UserDoc } from '@app/read-models';

/** Who people are, by user id, for the answers that name them. */
@Injectable()
export class People {
  constructor(@Inject(READ_STORE) private readonly views: ReadStore) {}

  /** The names of these users (each once); a user id with no account has none. */
  async names(userIds: readonly string[]): Promise<Map<string, string>> {
    const users = await this.views.getMany<UserDoc>('users', [...new Set(userIds)]);
    return new Map([...users].map(([id, user]) => [id, user.name]));
  }
}
