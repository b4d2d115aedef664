import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { cacheValidationRules } from './validation-rules-cache';

export interface FieldError {
  readonly field: string;
  readonly messages: string[];
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {});
    return [...(own.length > 0 ? [{ field, messages: own }] : []), ...flatten(error.children ?? [], field)];
  });
}

/**
 * Every body, query and parameter DTO is validated: unknown fields are refused
 * (not silently dropped), types are checked, and the 400 names each field.
 * Each class's rules are worked out once (`cacheValidationRules`).
 */
export function validationPipe(): ValidationPipe {
  cacheValidationRules();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({
        message: 'The request is not valid: see errors',
        errors: flatten(errors).map(({ field, messages }) => ({
          field,
          messages: messages.map((m) => m.replace(/^property (\S+) should not exist$/, '$1 is not a known field')),
        })),
      }),
  });
}
