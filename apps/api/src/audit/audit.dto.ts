import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, type AuditOrder } from './audit-log';

/** What walking the project's hash chain found (docs/audit.md). */
export class AuditVerificationDto {
  @ApiProperty({ description: 'Whether every event of the project links to the one before it' }) ok!: boolean;
  @ApiProperty({ description: 'Events whose link held, from revision 0; when broken, those before the first broken revision' }) checked!: number;
  @ApiPropertyOptional({ description: 'The first revision that cannot be trusted (changed, missing, out of order, forged or without a hash); absent when ok' })
  firstBrokenRevision?: number;
  @ApiPropertyOptional({ description: 'Why that revision is broken' }) reason?: string;
  @ApiProperty({ description: 'The hash of the last event whose link held (64 hex digits; 64 zeros when none): keep it to check later that the history was not rewritten' })
  lastHash!: string;
}

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ enum: ['newest', 'oldest'], default: 'newest', description: 'Newest first (page on with `before`) or oldest first (page on with `after`)' })
  @IsOptional()
  @IsIn(['newest', 'oldest'], { message: 'order must be newest or oldest' })
  order?: AuditOrder;

  @ApiPropertyOptional({ minimum: 0, description: 'Newest first: the events before this revision (the `next` of the page before); default: from the latest' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  before?: number;

  @ApiPropertyOptional({ minimum: -1, description: 'Oldest first: the events after this revision (the `next` of the page before); default: from revision 0' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-1)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}

/** `GET /api/projects/:id/events` (API.md): the log oldest first, paged with `after` — the timeline's `after` and `limit`, validated alike. */
export class ProjectEventsQueryDto extends PickType(AuditEventsQueryDto, ['after', 'limit'] as const) {}

export class AuditActorDto {
  @ApiProperty({ description: 'User id' }) id!: string;
  @ApiProperty({ example: 'manager', description: 'Their role in the project when they acted' }) role!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Their name now: `forgotten user` once they asked to be forgotten; `null` for an id with no account' })
  name!: string | null;
}

export class AuditEventDto {
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'TaskUpdated' }) type!: string;
  @ApiProperty({ description: 'When the store recorded it (ISO 8601)' }) recordedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When it happened, as the command said' }) occurredAt!: string | null;
  @ApiProperty({ type: AuditActorDto, nullable: true }) actor!: AuditActorDto | null;
  @ApiProperty({ type: String, nullable: true }) commandId!: string | null;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The decision a write carried out (`Caused-By`)' }) causationId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Its hash in the chain (64 hex digits); `null` for an event written before hashing' }) hash!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event’s data as recorded (an address in it as it reads now: `forgotten user` once erased)' })
  data!: Record<string, unknown>;
}

export class AuditEventsPageDto {
  @ApiProperty({ description: 'The project’s latest revision when the page was read (-1: none yet)' }) revision!: number;
  @ApiProperty({ enum: ['newest', 'oldest'] }) order!: AuditOrder;
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'The next page’s cursor: pass it as `before` (newest first) or `after` (oldest first); `null` on the last page' })
  next!: number | null;
}
