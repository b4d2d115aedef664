import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ description: 'Why it is down', example: 'no answer within 2000 ms' })
  error?: string;
}

export class ProjectorCheckDto extends HealthCheckDto {
  @ApiProperty({
    enum: ['stopped', 'standby', 'starting', 'running', 'failed'],
    description: 'standby: another projector holds the lease and runs the views; this one takes over if it stops',
  })
  state!: string;

  @ApiProperty({ nullable: true, description: 'Last global position committed to the views', example: '1024' })
  position!: string | null;

  @ApiProperty({ description: 'Events set aside because a view could not fold them (listed in the set_aside view); the views keep running', example: 0 })
  setAside!: number;

  @ApiPropertyOptional({ description: 'The last event set aside, with its error' })
  lastSetAside?: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: HealthCheckDto })
  eventStore!: HealthCheckDto;

  @ApiProperty({ type: HealthCheckDto })
  readStore!: HealthCheckDto;

  @ApiPropertyOptional({ type: ProjectorCheckDto, description: 'Present when this node runs the projector' })
  projector?: ProjectorCheckDto;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: HealthChecksDto })
  checks!: HealthChecksDto;
}
