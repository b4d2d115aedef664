import { ValidateIf } from 'class-validator';

/** Validates the field when it is present; `null` is then refused (the field cannot be cleared). */
export const Given = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** Validates the field when it is present and not `null` (`null` clears a nullable field). */
export const Present = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null);
