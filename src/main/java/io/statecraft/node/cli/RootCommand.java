package io.statecraft.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code statecraft}: the subcommands, one line each. */
@Command(name = "statecraft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A P2P node running n-party state channels for on-chain games.",
    subcommands = {
        DevCommand.class,
        NodeCommand.class,
        DevchainCommand.class,
        MoveCommand.class,
        BenchCommand.class,
        // A new subcommand is one more line here.
    })
final class RootCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
