import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore, type UserDoc } from '@app/read-models';
import { PersonalData } from '../privacy/personal-data';

/** Who people are, by user id, for the answers that name them: `forgotten user` for whoever asked to be forgotten. */
@Injectable()
export class People {
  constructor(
    @Inject(READ_STORE) private readonly views: ReadStore,
    private readonly personal: PersonalData,
  ) {}

  /** The names of these users (each once); a user id with no account has none. */
  async names(userIds: readonly string[]): Promise<Map<string, string>> {
    const users = [...(await this.views.getMany<UserDoc>('users', [...new Set(userIds)])).values()];
    const names = await this.personal.reveal(users.map((user) => user.name));
    return new Map(users.map((user, i) => [user.userId, names[i]!]));
  }
}
