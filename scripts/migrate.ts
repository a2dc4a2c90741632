import { databasePath, openDatabase } from '../db';

const file = databasePath();
openDatabase(file).$client.close();
console.log(`Database migrated: ${file}`);
