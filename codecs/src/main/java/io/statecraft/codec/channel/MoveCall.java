package io.statecraft.codec.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * What a member asks to run: an entry function, its type arguments and its BCS-encoded
 * arguments (the signer is the sender and is not among them). BCS: function ‖
 * vector&lt;TypeTag&gt; ‖ vector&lt;bytes&gt;.
 */
public record MoveCall(FunctionId function, List<TypeTag> typeArgs, List<Blob> args) {
  public MoveCall {
    if (function == null) throw new IllegalArgumentException("function is null");
    typeArgs = List.copyOf(typeArgs);
    args = List.copyOf(args);
  }

  public static MoveCall of(String function, List<TypeTag> typeArgs, List<Blob> args) {
    return new MoveCall(FunctionId.parse(function), typeArgs, args);
  }

  void write(BcsWriter w) {
    function.write(w);
    TypeTag.writeList(w, typeArgs);
    w.uleb128(args.size());
    for (Blob a : args) w.bytes(a.unsafeArray());
  }

  static MoveCall read(BcsReader r) throws MalformedEntryException {
    FunctionId f = FunctionId.read(r);
    List<TypeTag> ta = TypeTag.readList(r, 0, "type arguments");
    int n = r.length("arguments", Integer.MAX_VALUE, 1);
    List<Blob> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(Blob.wrap(r.bytes("argument", Integer.MAX_VALUE)));
    }
    return new MoveCall(f, ta, args);
  }
}
