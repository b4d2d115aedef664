import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommentTargets, DocumentKinds, type CommentTarget, type DocumentKind } from '@app/domain';
import { Given, Present } from '../http/dto-rules';
import { Trimmed } from '../http/trimmed';

export class AddDocumentDto {
  @ApiProperty({ enum: DocumentKinds })
  @IsIn(DocumentKinds, { message: `kind must be one of ${DocumentKinds.join(', ')}` })
  kind!: DocumentKind;

  @ApiProperty({ example: 'Statement of work', maxLength: 200 }) @Trimmed() @IsString() @Length(1, 200) title!: string;
  @ApiProperty({ example: 'https://files.example/sow-v1.pdf', maxLength: 2000, description: 'Where the file lives' }) @IsString() @Length(1, 2000) location!: string;
  @ApiPropertyOptional({ default: false }) @Given() @IsBoolean() sharedWithClient?: boolean;
}

export class EditDocumentDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'A new version: where it lives (with summary)' }) @Given() @IsString() @Length(1, 2000) location?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: 'What changed in the new version' }) @Given() @IsString() @Length(1, 2000) summary?: string;
  @ApiPropertyOptional({ description: 'Show it to the client or not (managers)' }) @Given() @IsBoolean() sharedWithClient?: boolean;
}

export class CommentTargetDto {
  @ApiProperty({ enum: CommentTargets })
  @IsIn(CommentTargets, { message: `kind must be one of ${CommentTargets.join(', ')}` })
  kind!: CommentTarget;

  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class PostCommentDto {
  @ApiProperty({ type: CommentTargetDto }) @ValidateNested() @Type(() => CommentTargetDto) on!: CommentTargetDto;
  @ApiProperty({ maxLength: 10000 }) @Trimmed() @IsString() @Length(1, 10_000) body!: string;
}

export class StatusReportDto {
  @ApiProperty({ example: 'Week 6', maxLength: 100 }) @Trimmed() @IsString() @Length(1, 100) period!: string;
  @ApiProperty({ maxLength: 20000, description: 'Progress, milestones, top risks, budget burn' }) @IsString() @Length(1, 20_000) summary!: string;
  @ApiPropertyOptional({ maxLength: 10000 }) @Given() @IsString() @MaxLength(10_000) nextSteps?: string;
}

export class EvaluationDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The phase; none for the final evaluation of the project' })
  @Present()
  @IsUUID()
  phaseId?: string | null;

  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) schedule!: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) cost!: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) quality!: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) satisfaction!: number;
  @ApiPropertyOptional({ maxLength: 10000 }) @Given() @IsString() @MaxLength(10_000) notes?: string;
}

export class LessonDto {
  @ApiProperty({ example: 'Content plans early', maxLength: 200 }) @Trimmed() @IsString() @Length(1, 200) title!: string;
  @ApiProperty({ maxLength: 10000 }) @IsString() @Length(1, 10_000) lesson!: string;
}
