import { Inject, Injectable } from '@nestjs/common';
import { isSealed, newKey, PERSONAL_FIELDS, seal, sealedSubject, subjectOf, unseal } from '@app/audit';
import { normalizeEmail, type DomainEvent } from '@app/domain';
import { READ_STORE, type ReadStore } from '@app/read-models';
import type { EventCodec } from '../commands/command-executor';

/**
 * The key store: one document per person (subject) in the read-store view
 * `personal_keys`, plus the index key that turns an address into a subject.
 * Operational data, like idempotency records: a rebuild of the views never
 * touches it, and deleting a person's document is what erases them.
 */
export const PERSONAL_KEYS = 'personal_keys';
const INDEX_KEY = 'index';
/** Opened values remembered per key: a person's name, address and the like. */
const OPENED_PER_KEY = 64;

interface KeyDoc {
  readonly key: string;
  readonly createdAt: string;
}

/**
 * Personal data, sealed in the log and revealed at the edge (docs/privacy.md):
 * the command executor seals the personal fields of each event before it is
 * hashed and appended, and opens them when it folds a stream for the domain;
 * answers that show a person reveal the sealed values the views hold. Once a
 * person's key is deleted (`forget`), each of those reads `forgotten user`,
 * on every node at once: no key outlives its document in the store (only the
 * index key, which never changes, is kept).
 */
@Injectable()
export class PersonalData implements EventCodec {
  private indexKey: Promise<Buffer> | null = null;
  /**
   * Values opened, per key document as the store answered it: the embedded
   * store hands out the same (frozen) document until it changes, so a value is
   * decrypted once while its key stands. A deleted or replaced key is another
   * document (or none), and its values are opened again, or read as forgotten.
   */
  private readonly opened = new WeakMap<KeyDoc, Map<string, string>>();

  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  /** The subject — the key's name, and the e-mail claim stream's id — of whoever has this address. */
  async subject(email: string): Promise<string> {
    return subjectOf(await this.index(), normalizeEmail(email));
  }

  sealed(event: Pick<DomainEvent, 'type' | 'data'>): boolean {
    const fields = PERSONAL_FIELDS[event.type];
    return fields !== undefined && fields.some((field) => isSealed((event.data as Record<string, unknown> | null)?.[field]));
  }

  /** The events as the log is to store them: the personal fields of each sealed under the key of the person whose `email` it carries. */
  async seal<E extends DomainEvent>(events: readonly E[]): Promise<E[]> {
    const out: E[] = [];
    for (const event of events) {
      const fields = PERSONAL_FIELDS[event.type];
      const data = event.data as Record<string, unknown>;
      // Whatever it holds: a value that merely looks sealed is sealed too, so it can never pose as someone else's.
      if (fields === undefined || typeof data.email !== 'string') {
        out.push(event);
        continue;
      }
      const subject = await this.subject(data.email);
      const key = (await this.key(subject, true))!;
      const sealed = { ...data };
      for (const field of fields) if (typeof data[field] === 'string') sealed[field] = seal(key, subject, data[field]);
      out.push({ ...event, data: sealed });
    }
    return out;
  }

  /** A stored event as the domain folds it: its sealed fields opened, or `forgotten user`. */
  async open<E extends Pick<DomainEvent, 'type' | 'data'>>(event: E): Promise<E> {
    const fields = PERSONAL_FIELDS[event.type] ?? [];
    const data = event.data as Record<string, unknown>;
    const values = fields.map((field) => data[field]).filter(isSealed);
    const revealed = await this.reveal(values);
    const opened = { ...data };
    let next = 0;
    for (const field of fields) if (isSealed(data[field])) opened[field] = revealed[next++];
    return { ...event, data: opened };
  }

  /** What values read as: each sealed one opened with its subject's key, or `forgotten user`; any other as itself. */
  async reveal(values: readonly string[]): Promise<string[]> {
    const subjects = [...new Set(values.map(sealedSubject).filter((subject): subject is string => subject !== null))];
    const docs = subjects.length === 0 ? new Map<string, KeyDoc>() : await this.store.getMany<KeyDoc>(PERSONAL_KEYS, subjects);
    return values.map((value) => {
      if (!isSealed(value)) return value;
      const doc = docs.get(sealedSubject(value) ?? '');
      if (doc === undefined) return unseal(null, value);
      let opened = this.opened.get(doc);
      if (opened === undefined) this.opened.set(doc, (opened = new Map()));
      let plain = opened.get(value);
      if (plain === undefined) {
        plain = unseal(Buffer.from(doc.key, 'base64'), value);
        if (opened.size < OPENED_PER_KEY) opened.set(value, plain);
      }
      return plain;
    });
  }

  /** Deletes the person's key: everything sealed under it reads `forgotten user` from now on. */
  async forget(subject: string): Promise<void> {
    await this.store.put(PERSONAL_KEYS, subject, null);
  }

  /** The subject's key; created first when `create` and there is none (whoever creates it first, every node then uses that one). */
  private async key(subject: string, create: boolean): Promise<Buffer | null> {
    let doc = await this.store.get<KeyDoc>(PERSONAL_KEYS, subject);
    if (doc === null && create) {
      await this.store.insertIfAbsent(PERSONAL_KEYS, subject, { key: newKey().toString('base64'), createdAt: new Date().toISOString() });
      doc = await this.store.get<KeyDoc>(PERSONAL_KEYS, subject);
    }
    return doc === null ? null : Buffer.from(doc.key, 'base64');
  }

  private index(): Promise<Buffer> {
    this.indexKey ??= (async () => {
      await this.store.insertIfAbsent(PERSONAL_KEYS, INDEX_KEY, { key: newKey().toString('base64'), createdAt: new Date().toISOString() });
      const doc = await this.store.get<KeyDoc>(PERSONAL_KEYS, INDEX_KEY);
      return Buffer.from(doc!.key, 'base64');
    })();
    // A store that failed to answer is asked again next time.
    this.indexKey.catch(() => (this.indexKey = null));
    return this.indexKey;
  }
}
