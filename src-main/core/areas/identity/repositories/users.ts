import type { Kysely } from 'kysely';
import type { Database, User } from '@core/platform/db/schema';

export function usersRepository(db: Kysely<Database>) {
  return {
    async insert(row: User): Promise<void> {
      await db.insertInto('users').values(row).execute();
    },
    findById(id: string): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findByEmail(email: string): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    },
  };
}
export type UsersRepository = ReturnType<typeof usersRepository>;
