import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { BudgetCategories, type BudgetCategory } from '@app/domain';
import { Given } from '../http/dto-rules';
import { Trimmed } from '../http/trimmed';

/** Money: whole minor units (cents) and an ISO 4217 code, which must be the project's. */
export class MoneyDto {
  @ApiProperty({ example: 120000, description: 'Minor units: 120000 EUR is 1,200.00 EUR' })
  @IsInt()
  @Min(-1_000_000_000_000)
  @Max(1_000_000_000_000)
  amountMinor!: number;

  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}

export class AddBudgetLineDto {
  @ApiProperty({ enum: BudgetCategories })
  @IsIn(BudgetCategories, { message: `category must be one of ${BudgetCategories.join(', ')}` })
  category!: BudgetCategory;

  @ApiProperty({ example: 'Design', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: MoneyDto })
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;
}

export class ReviseBudgetDto {
  @ApiProperty({ type: MoneyDto })
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: 'Second language agreed', maxLength: 2000 })
  @Trimmed()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class RecordCostDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The budget line it is booked to (not for a correction: it keeps the original line)' })
  @Given()
  @IsUUID()
  lineId?: string;

  @ApiProperty({ type: MoneyDto, description: 'For a correction: the difference, which may be negative' })
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiPropertyOptional({ example: 'Week 1 design', maxLength: 500 })
  @Given()
  @Trimmed()
  @IsString()
  @Length(1, 500)
  description?: string;

  @ApiProperty({ example: '2027-01-08' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'incurredOn must be a date written YYYY-MM-DD' })
  incurredOn!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Makes this entry a correction of that one: entries are never edited' })
  @Given()
  @IsUUID()
  corrects?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why: required with corrects' })
  @Given()
  @Trimmed()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}
