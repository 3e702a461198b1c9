import Database from 'better-sqlite3';
const p = process.argv[2];
for (const opts of [{}, { readonly: true }, { readonly: true, fileMustExist: true }]) {
  try { const db = new Database(p, opts); console.log(JSON.stringify(opts), 'opened'); 
    try { console.log(db.pragma('journal_mode', {simple:true}), db.prepare('select count(*) c from papers').get()); } catch (e) { console.log(' read fail', e.code, e.message); }
    try { db.pragma('journal_mode = WAL'); console.log(' wal ok'); } catch (e) { console.log(' wal fail', e.code, e.message); }
    try { db.prepare("insert into seen_events (platform, event_id, seen_at) values ('x','y','z')").run(); console.log(' write ok'); } catch (e) { console.log(' write fail', e.code, e.message); }
    db.close();
  } catch (e) { console.log(JSON.stringify(opts), 'open fail', e.code, e.message); }
}
