/** The Kysely instance: `@Inject(DATABASE) db: Database`. */
export const DATABASE = Symbol('DATABASE');
/** `'sqlite' | 'postgres'`, for the few places where SQL must differ. */
export const DATABASE_DIALECT = Symbol('DATABASE_DIALECT');
