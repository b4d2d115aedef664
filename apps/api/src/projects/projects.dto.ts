import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trimmed } from '../http/trimmed';
import { IsEmail, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ProjectRoles, type ProjectRole } from '@app/domain';

export class CreateProjectDto {
  @ApiProperty({ example: 'Website relaunch for Contoso', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code; every amount in the project is in it' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}

export class InviteMemberDto {
  @ApiProperty({ example: 'client@contoso.example', maxLength: 254 })
  @Trimmed()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ProjectRoles })
  @IsIn(ProjectRoles, { message: `role must be one of ${ProjectRoles.join(', ')}` })
  role!: ProjectRole;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ProjectRoles })
  @IsIn(ProjectRoles, { message: `role must be one of ${ProjectRoles.join(', ')}` })
  role!: ProjectRole;
}

export class WrittenEventDto {
  @ApiProperty({ example: 'MemberInvited' }) type!: string;
  @ApiProperty({ example: 3 }) revision!: number;
}

/** What every write answers: the project's revision after it and the events it recorded. */
export class WriteResultDto {
  @ApiProperty({ description: 'Revision of the project after this write' }) revision!: number;
  @ApiProperty({ type: [WrittenEventDto] }) events!: WrittenEventDto[];
}

export class ProjectCreatedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() revision!: number;
}

export class ProjectSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: ProjectRoles, description: "The caller's role in it" }) role!: ProjectRole;
}

export class ProjectListDto {
  @ApiProperty({ type: [ProjectSummaryDto] }) items!: ProjectSummaryDto[];
}

export class ProjectDto extends ProjectSummaryDto {
  @ApiProperty() createdAt!: string;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ description: '`forgotten user` once they asked to be forgotten' }) email!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Their name: `forgotten user` once they asked to be forgotten' }) name!: string | null;
  @ApiProperty({ enum: ProjectRoles }) role!: ProjectRole;
  @ApiProperty() since!: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
}

export class InvitationDto extends WriteResultDto {
  @ApiProperty({ format: 'uuid' }) invitationId!: string;
  @ApiProperty({ description: 'What the invitation e-mail carries; single use. Accept at POST /api/invitations/{token}/accept' })
  token!: string;
  @ApiProperty() expiresAt!: string;
}

export class AcceptedDto extends WriteResultDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiPropertyOptional({ enum: ProjectRoles }) role!: ProjectRole;
}
