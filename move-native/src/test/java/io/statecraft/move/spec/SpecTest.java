package io.statecraft.move.spec;

import io.statecraft.move.asm.Assembler;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.natives.NativeRegistry;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.GasSchedule;
import io.statecraft.move.runtime.LinkException;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.MoveVm;
import io.statecraft.move.runtime.StatusCode;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.VmError;
import io.statecraft.move.runtime.VmLimits;
import io.statecraft.move.storage.ResourceChange;
import io.statecraft.move.storage.ResourceKey;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The spec-test runner: every {@code .masm} file under {@code src/test/resources/spec} (except
 * {@code spec/lib}, which holds shared modules for {@code // include:}) is assembled, verified
 * and loaded; each of its directives becomes one dynamic test named {@code file:line}. The
 * format is described in README.md, section "Spec vectors".
 */
class SpecTest {
  static final long DEFAULT_GAS = 1_000_000;
  static final Map<String, Long> STATUS = statusCodes();

  @TestFactory
  Stream<DynamicNode> spec() throws IOException, URISyntaxException {
    Path root = root();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".masm"))
          .filter(p -> !root.relativize(p).toString().startsWith("lib"))
          .sorted().toList();
    }
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path p : files) {
      String rel = root.relativize(p).toString().replace('\\', '/');
      SpecFile file = new SpecFile(rel, Files.readString(p, StandardCharsets.UTF_8));
      FileRun run = new FileRun(root, file);
      List<DynamicTest> tests = new ArrayList<>();
      for (SpecFile.Directive d : file.directives) {
        String name = rel + ":" + d.line() + ": " + d;
        tests.add(DynamicTest.dynamicTest(name, () -> run.check(d)));
      }
      if (tests.isEmpty()) {
        tests.add(DynamicTest.dynamicTest(rel + ": no directives", () -> Assertions.fail("no directives")));
      }
      // No file URI as test source: surefire's -Dtest filter matches dynamic tests by their
      // factory method's source, and would drop tests whose source is a file.
      nodes.add(DynamicContainer.dynamicContainer(rel, tests.stream()));
    }
    return nodes.stream();
  }

  static Path root() throws URISyntaxException {
    URL url = SpecTest.class.getResource("/spec");
    if (url == null) {
      throw new IllegalStateException("no spec directory on the test class path");
    }
    return Path.of(url.toURI());
  }

  private static Map<String, Long> statusCodes() {
    Map<String, Long> m = new HashMap<>();
    for (Field f : StatusCode.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == long.class) {
        try {
          m.put(f.getName(), f.getLong(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    m.put("EXECUTED", 4001L);
    return m;
  }

  /** The state of one file's run: its units, module set, storage, and the last result. */
  static final class FileRun {
    final Path root;
    final SpecFile file;
    boolean setUp;
    String setupError;
    final List<CompiledUnit> units = new ArrayList<>();
    final Map<Integer, InvalidModuleException> verifyErrors = new HashMap<>();
    final List<Integer> ownUnits = new ArrayList<>();
    LinkException loadError;
    ModuleSet modules;
    MoveVm vm;
    final TreeMap<ResourceKey, byte[]> state = new TreeMap<>();
    ExecutionResult last;
    String lastRun;

    FileRun(Path root, SpecFile file) {
      this.root = root;
      this.file = file;
    }

    void check(SpecFile.Directive d) {
      if (d.bug() == null) {
        checkNow(d);
        return;
      }
      try {
        checkNow(d);
      } catch (AssertionError | RuntimeException e) {
        throw new TestAbortedException("known interpreter bug (" + d.bug() + "): " + e.getMessage());
      }
      Assertions.fail("marked expect-bug (" + d.bug() + ") but passes now: remove the marker");
    }

    private void checkNow(SpecFile.Directive d) {
      setUp();
      switch (d.name()) {
        case "verify" -> checkVerify(d);
        case "load" -> checkLoad(d);
        case "run", "run-as" -> checkRun(d);
        case "expect-gas" -> {
          requireLast(d);
          Assertions.assertEquals(Long.parseLong(d.body()), last.gasUsed(), "gas used by " + lastRun);
        }
        case "expect-writes" -> {
          requireLast(d);
          Assertions.assertEquals(Integer.parseInt(d.body()), last.changeSet().changes().size(),
              "writes of " + lastRun + ": " + last.changeSet().toJson());
        }
        case "expect-events" -> {
          requireLast(d);
          Assertions.assertEquals(Integer.parseInt(d.body()), last.changeSet().events().size(),
              "events of " + lastRun);
        }
        case "expect-write" -> checkWrite(d, true);
        case "expect-state" -> checkWrite(d, false);
        default -> Assertions.fail("unknown directive " + d.name());
      }
    }

    private void requireLast(SpecFile.Directive d) {
      if (last == null) {
        Assertions.fail(d.name() + " without a run before it");
      }
    }

    // ---- setup: assemble, verify, load ----

    private void setUp() {
      if (setUp) {
        if (setupError != null) {
          Assertions.fail(setupError);
        }
        return;
      }
      setUp = true;
      try {
        List<CompiledModule> toLoad = new ArrayList<>();
        for (String inc : file.includes) {
          SpecFile lib = new SpecFile(inc, Files.readString(root.resolve(inc), StandardCharsets.UTF_8));
          for (SpecFile.Unit u : lib.units) {
            CompiledUnit cu = Assembler.assemble(u.source(), inc);
            io.statecraft.move.verify.Verifier.verifyAll(cu);
            toLoad.add((CompiledModule) cu);
          }
        }
        boolean verify = !file.pragma("no-verify");
        for (int i = 0; i < file.units.size(); i++) {
          SpecFile.Unit u = file.units.get(i);
          CompiledUnit cu = Assembler.assemble(u.source(), file.name);
          units.add(cu);
          ownUnits.add(i);
          boolean rejected = false;
          if (verify) {
            try {
              io.statecraft.move.verify.Verifier.verifyAll(cu);
            } catch (InvalidModuleException e) {
              verifyErrors.put(i, e);
              rejected = true;
              if (!hasVerifyDirective(i)) {
                throw new IllegalStateException("unit at line " + u.firstLine() + " fails verification: "
                    + e.kind() + " " + e.getMessage());
              }
            }
          }
          if (!rejected && cu instanceof CompiledModule m) {
            toLoad.add(m);
          }
        }
        try {
          // Verified files load through the verifier, so their code runs on the fast (unboxed)
          // path; no-verify files test how the interpreter survives code no verifier accepts.
          modules = verify ? ModuleSet.load(toLoad, NativeRegistry.standard())
              : ModuleSet.loadUnverified(toLoad, NativeRegistry.standard());
          GasSchedule schedule = "count".equals(file.pragmaValue("gas-schedule"))
              ? GasSchedule.INSTRUCTION_COUNT : GasSchedule.DEFAULT;
          vm = new MoveVm(modules, limits(file.pragmaValue("limits")), schedule, Map.of());
        } catch (LinkException e) {
          loadError = e;
        }
      } catch (Exception e) {
        setupError = file.name + ": " + e.getMessage();
        Assertions.fail(setupError, e);
      }
    }

    /** {@code pragma: limits=maxVectorLength:1024,maxCallDepth:64}: VmLimits.DEFAULT with overrides. */
    static VmLimits limits(String spec) throws ReflectiveOperationException {
      if (spec == null) {
        return VmLimits.DEFAULT;
      }
      Map<String, String> overrides = new HashMap<>();
      for (String kv : spec.split(",")) {
        String[] p = kv.trim().split(":");
        overrides.put(p[0].trim(), p[1].trim());
      }
      java.lang.reflect.RecordComponent[] comps = VmLimits.class.getRecordComponents();
      Object[] values = new Object[comps.length];
      Class<?>[] types = new Class<?>[comps.length];
      for (int i = 0; i < comps.length; i++) {
        types[i] = comps[i].getType();
        String o = overrides.remove(comps[i].getName());
        values[i] = o == null ? comps[i].getAccessor().invoke(VmLimits.DEFAULT)
            : types[i] == int.class ? (Object) Integer.parseInt(o) : (Object) Long.parseLong(o);
      }
      if (!overrides.isEmpty()) {
        throw new IllegalArgumentException("unknown limits " + overrides.keySet());
      }
      return VmLimits.class.getDeclaredConstructor(types).newInstance(values);
    }

    private boolean hasVerifyDirective(int unit) {
      for (SpecFile.Directive d : file.directives) {
        if (d.name().equals("verify") && file.unitOf(d.line()) == unit) {
          return true;
        }
      }
      return false;
    }

    private void checkVerify(SpecFile.Directive d) {
      int unit = file.unitOf(d.line());
      InvalidModuleException e = verifyErrors.get(unit);
      String want = d.body();
      if (want.equals("ok")) {
        if (e != null) {
          Assertions.fail("expected the unit to verify: " + e.kind() + " " + e.getMessage());
        }
        return;
      }
      String kind = want.replaceFirst("^error\\s+", "").trim();
      if (e == null) {
        Assertions.fail("expected verification error " + kind + ", the unit verified");
      }
      Assertions.assertEquals(kind, e.kind().name(), e.getMessage());
    }

    private void checkLoad(SpecFile.Directive d) {
      String want = d.body();
      if (want.equals("ok")) {
        if (loadError != null) {
          Assertions.fail("expected the modules to load: " + StatusCode.name(loadError.statusCode()) + " "
              + loadError.getMessage());
        }
        return;
      }
      String name = want.replaceFirst("^error\\s+", "").trim();
      if (loadError == null) {
        Assertions.fail("expected load error " + name + ", the modules loaded");
      }
      Assertions.assertEquals(name, StatusCode.name(loadError.statusCode()), loadError.getMessage());
    }

    private void requireLoaded() {
      if (loadError != null) {
        Assertions.fail("modules failed to load: " + StatusCode.name(loadError.statusCode()) + " "
            + loadError.getMessage());
      }
    }

    // ---- run ----

    private void checkRun(SpecFile.Directive d) {
      requireLoaded();
      List<AccountAddress> signers = new ArrayList<>();
      long gas = file.pragmaValue("gas") != null ? Long.parseLong(file.pragmaValue("gas")) : DEFAULT_GAS;
      boolean once = false;
      Literals h = new Literals(modules, d.header());
      while (!h.atEnd()) {
        if (h.acceptWord("gas")) {
          h.expect("=");
          gas = h.number();
        } else if (h.acceptWord("once")) {
          once = true;
        } else {
          if (!d.name().equals("run-as")) {
            throw h.error("unexpected header");
          }
          h.accept("@");
          signers.add(AccountAddress.parse(h.word()));
          h.accept(",");
        }
      }
      Literals p = new Literals(modules, d.body());
      boolean script = p.atWord("script");
      String[] fn = script ? null : p.functionName();
      if (script) {
        p.word();
      }
      List<Type> typeArgs = new ArrayList<>();
      if (p.accept("<")) {
        do {
          typeArgs.add(p.type());
        } while (p.accept(","));
        p.expect(">");
      }
      List<byte[]> args = new ArrayList<>();
      for (Literals.Typed t : p.typedList()) {
        args.add(t.bcs());
      }
      p.expect("->");
      final long gasLimit = gas;
      java.util.function.Supplier<ExecutionResult> exec = () -> script
          ? vm.executeScript(state::get, script(), typeArgs, signers, args, gasLimit)
          : vm.execute(state::get, ModuleId.parse(fn[0]), fn[1], typeArgs, signers, args, gasLimit);
      ExecutionResult r = exec.get();
      ExecutionResult again = once ? r : exec.get();
      last = r;
      lastRun = file.name + ":" + d.line();
      if (r.isSuccess()) {
        r.changeSet().applyTo(state);
      }
      // Determinism: the same transaction on the same state gives the same outcome and gas.
      Assertions.assertEquals(r.toJson(), again.toJson(), "a second run of the same transaction differs");
      checkOutcome(p, r);
    }

    private CompiledScript script() {
      for (CompiledUnit u : units) {
        if (u instanceof CompiledScript s) {
          return s;
        }
      }
      throw new IllegalStateException("no script in " + file.name);
    }

    private void checkOutcome(Literals p, ExecutionResult r) {
      String actual = r.isSuccess() ? "returned " + r.returnValuesJson() : "failed: " + r.error().getMessage();
      if (p.acceptWord("ok")) {
        Assertions.assertTrue(r.isSuccess(), "expected success, " + actual);
      } else if (p.at("(")) {
        List<Literals.Typed> want = p.typedList();
        if (!r.isSuccess()) {
          Assertions.fail("expected " + describe(want) + ", " + actual);
        }
        List<byte[]> got = r.returnBcs();
        Assertions.assertEquals(want.size(), got.size(), "number of return values; " + actual);
        for (int i = 0; i < want.size(); i++) {
          Assertions.assertEquals(want.get(i).type().toTag(true), r.returnTypes().get(i).toTag(true),
              "type of return value " + i);
          if (!Arrays.equals(want.get(i).bcs(), got.get(i))) {
            Assertions.fail("return value " + i + ": expected BCS " + hex(want.get(i).bcs()) + ", got "
                + hex(got.get(i)) + " (" + actual + ")");
          }
        }
      } else if (p.acceptWord("abort") || p.acceptWord("error")) {
        if (r.isSuccess()) {
          Assertions.fail("expected a failure, " + actual);
        }
        VmError e = r.error();
        p.skipSpace();
        String what = p.word();
        if (Character.isDigit(what.charAt(0))) {
          long code = what.startsWith("0x") ? Long.parseUnsignedLong(what.substring(2), 16)
              : Long.parseUnsignedLong(what);
          Assertions.assertEquals("ABORTED", StatusCode.name(e.statusCode()), actual);
          Assertions.assertNotNull(e.abortCode(), actual);
          Assertions.assertEquals(Long.toUnsignedString(code), Long.toUnsignedString(e.abortCode()), actual);
        } else {
          Long status = STATUS.get(what);
          if (status == null) {
            throw p.error("unknown status " + what);
          }
          Assertions.assertEquals(what, StatusCode.name(e.statusCode()), actual);
        }
        if (p.acceptWord("sub")) {
          long sub = p.number();
          Assertions.assertEquals(Long.valueOf(sub), e.subStatus(), "sub status; " + actual);
        }
        if (p.acceptWord("at")) {
          String loc = p.word();
          p.expect("+");
          long offset = p.number();
          int last = loc.lastIndexOf("::");
          String module = loc.substring(0, last);
          String fn = loc.substring(last + 2);
          Assertions.assertTrue(e.hasLocation(), "expected a location; " + actual);
          if (module.equals("script")) {
            Assertions.assertTrue(e.module() == null || e.module().name().equals("<script>"),
                "expected the script; " + actual);
          } else {
            ModuleId id = module.contains("::") ? ModuleId.parse(module) : new Literals(modules, "").moduleByName(module);
            Assertions.assertEquals(id, e.module(), "module; " + actual);
          }
          Assertions.assertEquals(fn, e.function(), "function; " + actual);
          Assertions.assertEquals(offset, e.codeOffset(), "code offset; " + actual);
        }
      } else {
        throw p.error("expected (values), ok, abort or error");
      }
      if (!p.atEnd()) {
        throw p.error("trailing text");
      }
    }

    private static String describe(List<Literals.Typed> values) {
      StringBuilder sb = new StringBuilder("(");
      for (Literals.Typed t : values) {
        sb.append(sb.length() > 1 ? ", " : "").append(t.type()).append(" bcs ").append(hex(t.bcs()));
      }
      return sb.append(')').toString();
    }

    static String hex(byte[] b) {
      return "x\"" + HexFormat.of().formatHex(b) + "\"";
    }

    // ---- storage ----

    /** {@code ADDR TYPE value|deleted} against the last run's writes, or {@code ADDR TYPE value|absent} against the state. */
    private void checkWrite(SpecFile.Directive d, boolean write) {
      requireLoaded();
      Literals p = new Literals(modules, d.body());
      p.accept("@");
      AccountAddress addr = AccountAddress.parse(p.word());
      Type t = p.type();
      ResourceKey key = new ResourceKey(addr, t.toTag(true));
      byte[] actual;
      boolean present;
      if (write) {
        requireLast(d);
        ResourceChange found = null;
        for (ResourceChange c : last.changeSet().changes()) {
          if (c.key().equals(key)) {
            found = c;
          }
        }
        if (found == null) {
          Assertions.fail("no write of " + key + " by " + lastRun + ": " + last.changeSet().toJson());
        }
        present = !found.isDeletion();
        actual = found.value();
      } else {
        actual = state.get(key);
        present = actual != null;
      }
      if (p.acceptWord("deleted") || p.acceptWord("absent")) {
        Assertions.assertFalse(present, key + " should be " + (write ? "deleted" : "absent") + ", is "
            + (actual == null ? "null" : hex(actual)));
      } else {
        byte[] want = p.valueBytes(t);
        Assertions.assertTrue(present, key + " was " + (write ? "deleted" : "absent"));
        if (!Arrays.equals(want, actual)) {
          Assertions.fail(key + ": expected " + hex(want) + ", got " + hex(actual));
        }
      }
      if (!p.atEnd()) {
        throw p.error("trailing text");
      }
    }
  }
}
