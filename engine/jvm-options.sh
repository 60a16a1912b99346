# The JVM options of the engine's container (engine/Dockerfile, engine/run.sh, docs/engine-contract.md),
# chosen for a small idle footprint and a fast start without costing request speed:
#   SerialGC              one GC thread, no concurrent machinery: the engine's heap is small
#   Xms16m / Xmx192m      start small; H2's page cache and the sessions live well within 192 MiB
#   Min/MaxHeapFreeRatio  give memory back after a collection instead of keeping the high-water mark
#   Xss512k               one reader thread per connection: half the default stack each
#   MaxMetaspaceSize=80m  bounds class metadata (H2, BouncyCastle, the engine)
#   ReservedCodeCacheSize compiled code of a small server fits in 48 MiB
#   TieredCompilation     kept: C2's BigInteger intrinsics make RSA handshakes several times faster
# shellcheck disable=SC2034
SQLMI_JVM_OPTIONS="-XX:+UseSerialGC -Xms16m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=48m -XX:+ExitOnOutOfMemoryError"
