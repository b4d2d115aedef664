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
