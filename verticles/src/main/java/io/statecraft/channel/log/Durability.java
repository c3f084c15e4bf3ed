package io.statecraft.channel.log;

/**
 * What an acknowledged {@link ChannelLog#append append} survives.
 *
 * <p>Chronicle Queue appends into files mapped with {@code MAP_SHARED}: once the append has
 * returned, its bytes are in the kernel's page cache, which belongs to the kernel and not to
 * the process. So with either mode every acknowledged entry survives {@code kill -9}, a JVM
 * crash or an OOM kill of the node. They differ on a power loss or a kernel crash:
 */
public enum Durability {
  /**
   * No forced write-back: the kernel writes dirty pages back on its own schedule (on Linux
   * typically within {@code vm.dirty_expire_centisecs}, 30 s), so a power loss can lose the
   * entries appended in roughly the last half minute, and may tear the last one (which the log
   * then detects by checksum and refuses to open on). Fastest; the default, since entries of a
   * lost tail are re-synced from the other members' logs.
   */
  PAGE_CACHE,
  /**
   * Every append {@code msync}s the written range before returning: an acknowledged entry is on
   * the storage device (as far as the device honours flushes) and survives power loss. Costs one
   * synchronous device flush per append.
   */
  SYNC
}
