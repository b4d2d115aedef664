import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { FeedbackKinds, type FeedbackKind } from '@app/domain';
import { Given } from '../http/dto-rules';
import { Trimmed } from '../http/trimmed';

export class SubmitFeedbackDto {
  @ApiProperty({ enum: FeedbackKinds })
  @IsIn(FeedbackKinds, { message: `kind must be one of ${FeedbackKinds.join(', ')}` })
  kind!: FeedbackKind;

  @ApiProperty({ example: 'Logo looks blurry', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  subject!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @Given()
  @IsString()
  @MaxLength(10_000)
  body?: string;
}

export class AnswerFeedbackDto {
  @ApiPropertyOptional({ maxLength: 10000, description: 'An answer to the client (there may be several)' })
  @Given()
  @Trimmed()
  @IsString()
  @Length(1, 10_000)
  response?: string;

  @ApiPropertyOptional({ maxLength: 10000, description: 'Closes the item: what was done' })
  @Given()
  @Trimmed()
  @IsString()
  @Length(1, 10_000)
  resolution?: string;
}

export class SurveyDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Customer satisfaction, 1 to 5' })
  @IsInt()
  @Min(1)
  @Max(5)
  csat!: number;

  @ApiProperty({ minimum: 0, maximum: 10, description: 'How likely to recommend us, 0 to 10' })
  @IsInt()
  @Min(0)
  @Max(10)
  nps!: number;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}
