package io.statecraft.channel.log;

/** A channel-log operation failed: I/O, a closed log, misuse. Subtypes say more. */
public class ChannelLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChannelLogException(String message) {
    super(message);
  }

  public ChannelLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
