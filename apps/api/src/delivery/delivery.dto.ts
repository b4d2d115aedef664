import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { CheckResults, QualityDimensions, type CheckResult, type QualityDimension } from '@app/domain';
import { Given } from '../http/dto-rules';
import { Trimmed } from '../http/trimmed';

export class DefineStandardDto {
  @ApiProperty({ example: 'Website', maxLength: 200 }) @Trimmed() @IsString() @Length(1, 200) deliverable!: string;

  @ApiProperty({ enum: QualityDimensions })
  @IsIn(QualityDimensions, { message: `dimension must be one of ${QualityDimensions.join(', ')}` })
  dimension!: QualityDimension;

  @ApiProperty({ example: 'Home page load time', maxLength: 500 }) @Trimmed() @IsString() @Length(1, 500) criterion!: string;
  @ApiProperty({ example: 'p95 ≤ 2 s on 4G', maxLength: 500, description: 'Measurable' }) @Trimmed() @IsString() @Length(1, 500) threshold!: string;
}

export class RecordCheckDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() standardId!: string;

  @ApiProperty({ enum: CheckResults, description: 'waived: managers only, with a reason in note' })
  @IsIn(CheckResults, { message: `result must be one of ${CheckResults.join(', ')}` })
  result!: CheckResult;

  @ApiPropertyOptional({ example: 'p95 1.4 s', maxLength: 500 }) @Given() @IsString() @MaxLength(500) measured?: string;
  @ApiPropertyOptional({ maxLength: 5000 }) @Given() @IsString() @MaxLength(5000) note?: string;
}

export class AcceptanceDto {
  @ApiProperty({ enum: ['accept', 'refuse'] })
  @IsIn(['accept', 'refuse'], { message: 'decision must be accept or refuse' })
  decision!: 'accept' | 'refuse';

  @ApiPropertyOptional({ maxLength: 10000, description: 'For a refusal: the reasons (required)' })
  @Given()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

export class CloseDto {
  @ApiPropertyOptional({ maxLength: 10000, example: 'Delivered and accepted' }) @Given() @IsString() @MaxLength(10_000) note?: string;
}

export class ReopenDto {
  @ApiProperty({ maxLength: 10000, example: 'Warranty fix' }) @Trimmed() @IsString() @Length(1, 10_000) reason!: string;
}
