import 'reflect-metadata';
import { IsInt, IsOptional, IsString, MaxLength, getMetadataStorage, validateSync } from 'class-validator';
import { cacheValidationRules } from './validation-rules-cache';

const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const failing = (object: object, groups?: string[]): string[] =>
  validateSync(object, { ...options, ...(groups ? { groups } : {}) }).flatMap((error) => Object.keys(error.constraints ?? {}).map((rule) => `${error.property}:${rule}`)).sort();

class Named {
  @IsString()
  @MaxLength(5)
  name!: string;
}

describe('cacheValidationRules', () => {
  beforeAll(() => {
    cacheValidationRules();
    cacheValidationRules(); // a second app in the same process: no second layer
  });

  it('works a class out once, and validates as before', () => {
    const storage = getMetadataStorage();
    expect(storage.getTargetValidationMetadatas(Named, '', false, false)).toBe(storage.getTargetValidationMetadatas(Named, '', false, false));
    expect(failing(Object.assign(new Named(), { name: 'Ada' }))).toEqual([]);
    expect(failing(Object.assign(new Named(), { name: 'Adalberta' }))).toEqual(['name:maxLength']);
    expect(failing(Object.assign(new Named(), { name: 7 }))).toEqual(['name:isString', 'name:maxLength']);
    expect(failing(Object.assign(new Named(), { name: 'Ada', other: 1 }))).toEqual(['other:whitelistValidation']);
  });

  it('sees the rules of a class loaded later, with those it inherits', () => {
    expect(failing(Object.assign(new Named(), { name: 'Ada' }))).toEqual([]);
    class Counted extends Named {
      @IsInt()
      count!: number;
    }
    expect(failing(Object.assign(new Counted(), { name: 'Ada', count: 2 }))).toEqual([]);
    expect(failing(Object.assign(new Counted(), { name: 'Adalberta', count: 2.5 }))).toEqual(['count:isInt', 'name:maxLength']);
    // The parent's own rules are unchanged by the child's.
    expect(failing(Object.assign(new Named(), { name: 'Ada', count: 2 }))).toEqual(['count:whitelistValidation']);
  });

  it('forgets what it kept when a rule is added to a class already validated', () => {
    class Late {
      @IsString()
      title!: string;
    }
    expect(failing(Object.assign(new Late(), { title: 'x', note: 'y' }))).toEqual(['note:whitelistValidation']);
    // A rule alone (IsOptional registers no constraint class).
    IsOptional()(Late.prototype, 'note');
    expect(failing(Object.assign(new Late(), { title: 'x', note: 'y' }))).toEqual([]);
    expect(failing(Object.assign(new Late(), { title: 'x', note: 3 }))).toEqual([]);
    // A rule with its constraint class.
    IsString()(Late.prototype, 'note');
    expect(failing(Object.assign(new Late(), { title: 'x', note: 3 }))).toEqual(['note:isString']);
  });

  it('keeps rules apart per validation groups', () => {
    class Grouped {
      @IsString({ groups: ['create'] })
      @IsOptional({ groups: ['update'] })
      label!: string;
    }
    expect(failing(Object.assign(new Grouped(), { label: 1 }), ['create'])).toEqual(['label:isString']);
    expect(failing(Object.assign(new Grouped(), { label: 1 }), ['update'])).toEqual([]);
    expect(failing(Object.assign(new Grouped(), { label: 1 }), ['create'])).toEqual(['label:isString']);
  });
});
