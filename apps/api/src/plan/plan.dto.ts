import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TaskStatuses, type TaskStatus } from '@app/domain';
import { Given, Present } from '../http/dto-rules';
import { Trimmed } from '../http/trimmed';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date written YYYY-MM-DD';

export class AddPhaseDto {
  @ApiProperty({ example: 'Discovery', maxLength: 120 })
  @Trimmed()
  @IsString()
  @Length(1, 120)
  name!: string;
}

export class AddMilestoneDto {
  @ApiProperty({ example: 'Design signed off', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '2027-02-01' })
  @Matches(DATE, { message: `dueDate ${DATE_MESSAGE}` })
  dueDate!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Present()
  @IsUUID()
  phaseId?: string | null;
}

export class EditMilestoneDto {
  @ApiPropertyOptional({ example: '2027-02-10' })
  @Given()
  @Matches(DATE, { message: `dueDate ${DATE_MESSAGE}` })
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The approved change request that allows moving past the baseline' })
  @Present()
  @IsUUID()
  changeId?: string | null;

  @ApiPropertyOptional({ example: '2027-01-30', description: 'Marks the milestone reached on this date' })
  @Given()
  @Matches(DATE, { message: `reachedOn ${DATE_MESSAGE}` })
  reachedOn?: string;
}

export class AddTaskDto {
  @ApiProperty({ example: 'Interview stakeholders', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Present()
  @IsUUID()
  phaseId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'A manager or member of the project' })
  @Present()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ example: '2027-01-04', nullable: true })
  @Present()
  @Matches(DATE, { message: `startDate ${DATE_MESSAGE}` })
  startDate?: string | null;

  @ApiPropertyOptional({ example: '2027-01-08', nullable: true })
  @Present()
  @Matches(DATE, { message: `dueDate ${DATE_MESSAGE}` })
  dueDate?: string | null;

  @ApiPropertyOptional({ example: 16, nullable: true, minimum: 0, maximum: 100000 })
  @Present()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  estimateHours?: number | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100, description: 'Tasks this one waits for' })
  @Given()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  dependsOn?: string[];
}

export class EditTaskDto extends AddTaskDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Given()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  declare title: string;

  @ApiPropertyOptional({ enum: TaskStatuses })
  @Given()
  @IsIn(TaskStatuses, { message: `status must be one of ${TaskStatuses.join(', ')}` })
  status?: TaskStatus;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @Given()
  @IsInt()
  @Min(0)
  @Max(100)
  percentDone?: number;
}

export class ChangeImpactDto {
  @ApiProperty({ example: 'Add a second language to every page', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  scope!: string;

  @ApiProperty({ example: 10, description: 'Days the schedule moves (negative: earlier)' })
  @IsInt()
  @Min(-3650)
  @Max(3650)
  scheduleDays!: number;

  @ApiProperty({ example: 450000, description: 'Cost in minor units of the project currency (negative: saves)' })
  @IsInt()
  @Min(-1_000_000_000_000)
  @Max(1_000_000_000_000)
  costMinor!: number;
}

export class RequestChangeDto {
  @ApiProperty({ example: 'Bilingual site', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ type: ChangeImpactDto })
  @ValidateNested()
  @Type(() => ChangeImpactDto)
  impact!: ChangeImpactDto;
}

export class DecideChangeDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'], { message: 'decision must be approve or reject' })
  decision!: 'approve' | 'reject';

  @ApiProperty({ example: 'Budget agreed with the client', maxLength: 2000 })
  @Trimmed()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class BaselineDto {
  @ApiProperty({ example: 'Agreed at kickoff', maxLength: 2000 })
  @Trimmed()
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The approved change request a new baseline follows' })
  @Present()
  @IsUUID()
  changeId?: string | null;
}

export class CreatedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, revision: { type: 'number' } } } })
  events!: Array<{ type: string; revision: number }>;
}
