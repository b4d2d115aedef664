import type { GlobalPosition, RecordedEvent } from './event-store.port';

/** The JSON text an event's data and metadata were parsed from, as its store holds it. */
export interface StoredJson {
  readonly data: string;
  readonly metadata: string;
}

/**
 * A recorded event parsed from the JSON text its store holds (the SQLite
 * store), keeping that text: an event whose members were stored in canonical
 * order can then be checked against its hash without being written out as
 * JSON again (`HashChainGuard`, docs/audit.md).
 *
 * The text is held in private fields: a spread, a copy, `JSON.stringify` or a
 * structured clone of the event carries none of it, so an event made from
 * another (its data changed, say) never comes with the text of the original.
 * Its own members are those of any recorded event, in the same order.
 */
class EventParsedFromJson {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly recordedAt: string;
  readonly #data: string;
  readonly #metadata: string;

  constructor(id: string, type: string, data: string, metadata: string, streamId: string, revision: number, position: GlobalPosition, recordedAt: string) {
    this.id = id;
    this.type = type;
    this.data = JSON.parse(data) as unknown;
    this.metadata = JSON.parse(metadata) as Record<string, unknown>;
    this.streamId = streamId;
    this.revision = revision;
    this.position = position;
    this.recordedAt = recordedAt;
    this.#data = data;
    this.#metadata = metadata;
  }

  static json(event: object): StoredJson | undefined {
    return #data in event ? { data: event.#data, metadata: event.#metadata } : undefined;
  }
}

/** A recorded event parsed from its stored JSON text, which `storedJson` gives back. For adapters that store text. */
export function eventFromJson(
  id: string,
  type: string,
  data: string,
  metadata: string,
  streamId: string,
  revision: number,
  position: GlobalPosition,
  recordedAt: string,
): RecordedEvent {
  return new EventParsedFromJson(id, type, data, metadata, streamId, revision, position, recordedAt) as unknown as RecordedEvent;
}

/**
 * The JSON text `event`'s data and metadata were parsed from, when its store
 * read it from text and this is that very object (`undefined` otherwise: an
 * event of another store, or one made from it).
 */
export function storedJson(event: object): StoredJson | undefined {
  return EventParsedFromJson.json(event);
}
