/** The Kysely instance: `@Inject(DATABASE) db: Database`. */
export const DATABASE = Symbol('DATABASE');
/** `'sqlite' | 'postgres'`, for the few places where SQL must differ. */
export const DATABASE_DIALECT = Symbol('DATABASE_DIALECT');
/** The database and what opened it (persistence-internal: the lifecycle and the checkpointer). */
export const DATABASE_HANDLE = Symbol('DATABASE_HANDLE');
