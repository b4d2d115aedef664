import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Rules = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const CACHED = Symbol.for('client-project-platform.validation-rules-cache');

/**
 * class-validator works a class's rules out again at every `validate()`: its
 * own, then every ancestor's, found by testing every class it knows
 * (typestack/class-validator#2686), then grouped by property. A DTO's rules
 * are all registered when its class is loaded, before anything validates one,
 * so the answer is the same every time: here it is kept per class and
 * options, and everything kept is forgotten whenever a rule, a schema or a
 * constraint is registered (a class loaded later), so that validation answers
 * exactly as the library alone would. What is kept is only read by the
 * library (it filters and looks up, never changes the arrays it gets).
 *
 * Idempotent: the storage is class-validator's one global store, shared by
 * every app in the process (tests boot several).
 */
export function cacheValidationRules(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [CACHED]?: true };
  if (marked[CACHED] === true) return;
  marked[CACHED] = true;

  let byClass = new WeakMap<object, Map<string, Rules>>();
  let byRules = new WeakMap<Rules, Grouped>();
  const forget = (): void => {
    byClass = new WeakMap();
    byRules = new WeakMap();
  };

  const rulesOf = storage.getTargetValidationMetadatas.bind(storage);
  const groupOf = storage.groupByPropertyName.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  const addSchema = storage.addValidationSchema.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);

  storage.addValidationMetadata = (metadata) => {
    forget();
    addRule(metadata);
  };
  storage.addValidationSchema = (schema) => {
    forget();
    addSchema(schema);
  };
  storage.addConstraintMetadata = (metadata) => {
    forget();
    addConstraint(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${String(schema)}\u0000${always}\u0000${strictGroups}\u0000${groups === undefined ? '' : JSON.stringify(groups)}`;
    let kept = byClass.get(target);
    if (kept === undefined) byClass.set(target, (kept = new Map()));
    let rules = kept.get(key);
    if (rules === undefined) kept.set(key, (rules = rulesOf(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.groupByPropertyName = (rules) => {
    let grouped = byRules.get(rules);
    if (grouped === undefined) byRules.set(rules, (grouped = groupOf(rules)));
    return grouped;
  };
}
