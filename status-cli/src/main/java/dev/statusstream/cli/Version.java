package dev.statusstream.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code status --version}. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"status (StatusStream CLI) " + (version == null ? "development build" : version)};
    }
}
