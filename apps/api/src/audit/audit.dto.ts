import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
