package io.statecraft.move.bench;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The benchmark algorithms in Lua, run by LuaJ's interpreter (the default LuaClosure). */
public final class BenchLua {
  static final String SOURCE = String.join("\n",
      "function arith(n)",
      "  local s = 0",
      "  local i = 0",
      "  while i < n do s = (s + i * 7) % 1000003; i = i + 1 end",
      "  return s",
      "end",
      "function sort(n)",
      "  local v = {}",
      "  local seed = 74",
      "  for i = 1, n do seed = (seed * 75 + 74) % 65537; v[i] = seed end",
      "  for i = 2, n do",
      "    local j = i",
      "    while j > 1 and v[j - 1] > v[j] do v[j - 1], v[j] = v[j], v[j - 1]; j = j - 1 end",
      "  end",
      "  return v[1] * 1000 + v[n] % 1000",
      "end",
      "function game(n, ticks)",
      "  local world = {}",
      "  for i = 0, n - 1 do world[i + 1] = {x = i, y = 2 * i, vx = i % 7 + 1, vy = i % 5 + 1} end",
      "  for t = 1, ticks do",
      "    for i = 1, n do",
      "      local e = world[i]",
      "      e.x = (e.x + e.vx) % 10000",
      "      e.y = (e.y + e.vy) % 10000",
      "    end",
      "  end",
      "  local sum = 0",
      "  for i = 1, n do sum = sum + world[i].x + world[i].y end",
      "  return sum",
      "end");

  final LuaValue arith;
  final LuaValue sort;
  final LuaValue game;

  public BenchLua() {
    Globals g = JsePlatform.standardGlobals();
    g.load(SOURCE, "bench").call();
    arith = g.get("arith");
    sort = g.get("sort");
    game = g.get("game");
  }

  public long arith(long n) {
    return arith.call(LuaValue.valueOf(n)).tolong();
  }

  public long sort(int n) {
    return sort.call(LuaValue.valueOf(n)).tolong();
  }

  public long game(int n, int ticks) {
    return game.call(LuaValue.valueOf(n), LuaValue.valueOf(ticks)).tolong();
  }
}
