import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Given, Present } from '../http/dto-rules';
import { Trimmed } from '../http/trimmed';

export class DecisionOptionDto {
  @ApiProperty({ example: 'Headless CMS', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @Given() @IsString() @MaxLength(5000) pros?: string;
  @ApiPropertyOptional({ maxLength: 5000 }) @Given() @IsString() @MaxLength(5000) cons?: string;
  @ApiPropertyOptional({ maxLength: 5000 }) @Given() @IsString() @MaxLength(5000) risks?: string;
  @ApiPropertyOptional({ maxLength: 5000 }) @Given() @IsString() @MaxLength(5000) benefits?: string;

  @ApiPropertyOptional({ example: 120000, description: 'Cost in minor units of the project currency' })
  @Given()
  @IsInt()
  @Min(-1_000_000_000_000)
  @Max(1_000_000_000_000)
  costMinor?: number;
}

export class ProposeDecisionDto {
  @ApiProperty({ example: 'Which CMS?', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 10000, description: 'What is known and why a decision is needed' })
  @Given()
  @IsString()
  @MaxLength(10_000)
  context?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The decision this one will replace once made' })
  @Present()
  @IsUUID()
  supersedes?: string | null;

  @ApiPropertyOptional({ type: [DecisionOptionDto], maxItems: 20 })
  @Given()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DecisionOptionDto)
  options?: DecisionOptionDto[];
}

export class ActOnDecisionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Make the decision: the option chosen' })
  @Given()
  @IsUUID()
  chosenOptionId?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'Why this option (or why it is superseded)' })
  @Given()
  @Trimmed()
  @IsString()
  @Length(1, 5000)
  rationale?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100, description: 'Members who took part' })
  @Given()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  participants?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Supersede: the decision that now stands in its place' })
  @Given()
  @IsUUID()
  supersededBy?: string;
}

export class HistoryActorDto {
  @ApiProperty({ description: 'User id' }) id!: string;
  @ApiProperty({ example: 'manager', description: 'Their role in the project when they acted' }) role!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Their name now: `forgotten user` once they asked to be forgotten; `null` for an id with no account' })
  name!: string | null;
}

export class HistoryEntryDto {
  @ApiProperty() revision!: number;
  @ApiProperty({ example: 'DecisionMade' }) type!: string;
  @ApiProperty({ description: 'When the store recorded it (ISO 8601)' }) recordedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When it happened, as the command said' }) occurredAt!: string | null;
  @ApiProperty({ type: HistoryActorDto, nullable: true }) actor!: HistoryActorDto | null;
  @ApiProperty({ enum: ['decision', 'caused'], description: '`decision`: it proposed, weighed, made, superseded or commented on the decision, or proposed or became its successor; `caused`: a write that said it carries the decision out (`Caused-By`)' })
  relation!: 'decision' | 'caused';
  @ApiProperty({ type: String, nullable: true }) commandId!: string | null;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The decision a caused write carries out' }) causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event’s data as recorded (an address in it as it reads now: `forgotten user` once erased)' }) data!: Record<string, unknown>;
}

export class DecisionHistoryDto {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ description: 'The project revision the history is complete up to' }) revision!: number;
  @ApiProperty({ type: [HistoryEntryDto], description: 'In revision order' }) entries!: HistoryEntryDto[];
}
