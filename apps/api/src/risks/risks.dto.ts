import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { RiskCategories, RiskStatuses, type RiskCategory, type RiskStatus } from '@app/domain';
import { Given, Present } from '../http/dto-rules';
import { Trimmed } from '../http/trimmed';

export class IdentifyRiskDto {
  @ApiProperty({ example: 'Key designer leaves mid-project', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ enum: RiskCategories })
  @IsIn(RiskCategories, { message: `category must be one of ${RiskCategories.join(', ')}` })
  category!: RiskCategory;

  @ApiProperty({ minimum: 1, maximum: 5, description: '1 rare … 5 almost certain' })
  @IsInt()
  @Min(1)
  @Max(5)
  probability!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: '1 negligible … 5 severe' })
  @IsInt()
  @Min(1)
  @Max(5)
  impact!: number;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'A manager or member of the project' })
  @Present()
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  mitigation?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  contingency?: string;

  @ApiPropertyOptional({ default: false, description: 'Kept from the client view' })
  @Given()
  @IsBoolean()
  internalOnly?: boolean;
}

export class EditRiskDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Given()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ enum: RiskCategories })
  @Given()
  @IsIn(RiskCategories, { message: `category must be one of ${RiskCategories.join(', ')}` })
  category?: RiskCategory;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Present()
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  mitigation?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Given()
  @IsString()
  @MaxLength(5000)
  contingency?: string;

  @ApiPropertyOptional()
  @Given()
  @IsBoolean()
  internalOnly?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'With impact: a re-assessment, kept in the history' })
  @Given()
  @IsInt()
  @Min(1)
  @Max(5)
  probability?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @Given()
  @IsInt()
  @Min(1)
  @Max(5)
  impact?: number;

  @ApiPropertyOptional({ enum: RiskStatuses })
  @Given()
  @IsIn(RiskStatuses, { message: `status must be one of ${RiskStatuses.join(', ')}` })
  status?: RiskStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why: kept with a re-assessment or a status change' })
  @Given()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
