package io.statecraft.sdk;

import io.statecraft.codec.stream.proto.Accepted;
import io.statecraft.codec.stream.proto.Executed;
import io.statecraft.codec.stream.proto.Settled;
import io.statecraft.codec.stream.proto.Verified;

/** The receipts of a call, up to the confirmation level it waited for (later ones are null). */
public record CallResult(Accepted accepted, Executed executed, Verified verified, Settled settled) {}
