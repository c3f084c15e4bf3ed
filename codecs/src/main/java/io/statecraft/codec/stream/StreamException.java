package io.statecraft.codec.stream;

import io.statecraft.codec.stream.proto.Error;

/**
 * A stream API failure with its {@link StreamErrorCode}: what the node sends as an
 * {@code error} event and what the SDKs raise. For {@link StreamErrorCode#ABORTED} it carries
 * the Move abort code and module.
 */
public class StreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final StreamErrorCode code;
  private final long abortCode;
  private final String abortModule;

  public StreamException(StreamErrorCode code, String message) {
    this(code, message, 0, "");
  }

  public StreamException(StreamErrorCode code, String message, long abortCode, String abortModule) {
    super(message == null || message.isEmpty() ? code.meaning() : message, null, false, false);
    this.code = code;
    this.abortCode = abortCode;
    this.abortModule = abortModule == null ? "" : abortModule;
  }

  public static StreamException aborted(long abortCode, String module) {
    return new StreamException(StreamErrorCode.ABORTED,
        "aborted with code " + abortCode + " in module " + module, abortCode, module);
  }

  public StreamErrorCode code() {
    return code;
  }

  public boolean retriable() {
    return code.retriable();
  }

  public long abortCode() {
    return abortCode;
  }

  public String abortModule() {
    return abortModule;
  }

  public Error toProto() {
    return Error.newBuilder()
        .setCode(code.code())
        .setName(code.name())
        .setMessage(getMessage())
        .setRetriable(code.retriable())
        .setAbortCode(abortCode)
        .setAbortModule(abortModule)
        .build();
  }

  public static StreamException fromProto(Error e) {
    return new StreamException(StreamErrorCode.of(e.getCode()), e.getMessage(), e.getAbortCode(), e.getAbortModule());
  }

  /** The StreamException a failure stands for: itself, or INTERNAL_ERROR for anything else. */
  public static StreamException of(Throwable t) {
    if (t instanceof StreamException s) return s;
    return new StreamException(StreamErrorCode.INTERNAL_ERROR, "internal error");
  }

  @Override
  public String toString() {
    return "StreamException[" + code.code() + " " + code.name() + ": " + getMessage() + "]";
  }
}
