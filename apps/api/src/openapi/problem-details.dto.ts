import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 9457 problem details, the shape of every error answer. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://client-projects.dev/problems/not-found', description: 'Identifies the kind of problem' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiPropertyOptional({ example: 'Cannot GET /api/no-such-thing', description: 'What happened, for people' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/no-such-thing', description: 'The request that met the problem' })
  instance?: string;
}
