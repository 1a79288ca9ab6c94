// Start Bluesky's reference network (PLC, PDS, AppView, ozone) on loopback ports for the
// connector tests. Prints one JSON line when ready; stops cleanly on SIGTERM/SIGINT.
//
//   DB_POSTGRES_URL=postgresql://… REDIS_HOST=127.0.0.1:6379 SCHEMA=wc_abc PORT_BASE=2580 \
//     node start-net.mjs
import { TestNetwork } from '@atproto/dev-env'

const t0 = Date.now()
const schema = process.env.SCHEMA || 'whitecoat' // letters and underscores only
const base = Number(process.env.PORT_BASE || 2580)
const network = await TestNetwork.create({
  dbPostgresSchema: schema,
  plc: { port: base + 2 },
  pds: { port: base + 3, hostname: 'localhost' },
  bsky: { port: base + 4, publicUrl: `http://localhost:${base + 4}`, dbPostgresSchema: `bsky_${schema}` },
  ozone: { port: base + 7 },
})
console.log(JSON.stringify({
  ready_ms: Date.now() - t0,
  pds: network.pds.url,
  appview: network.bsky.url,
  rss_mb: Math.round(process.memoryUsage().rss / 1e6),
}))
// Keep the AppView's index caught up with what the PDS writes.
const timer = setInterval(() => network.processAll().catch(() => {}), 300)
const stop = async () => {
  clearInterval(timer)
  await network.close().catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
