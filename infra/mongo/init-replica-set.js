// MongoDB health check for docker-compose.yml, run by mongosh inside the
// `mongo` container on every check interval.
//
// The read store needs a replica set (multi-document transactions commit a
// view's documents and its checkpoint together), so mongod starts with
// `--replSet rs0`. This script initiates that one-member set on first run and
// is a no-op afterwards; it exits 0 only once this node is the writable
// primary, so services that wait for `service_healthy` start against a
// usable store.
//
// The member host must be the name other containers reach this node by
// (the compose service name): drivers connecting with `replicaSet=rs0`
// discover the members from this config.
const replicaSet = { _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] };

try {
  rs.status();
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') throw error;
  rs.initiate(replicaSet);
}

quit(db.hello().isWritablePrimary ? 0 : 1);
