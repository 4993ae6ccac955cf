package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The embedding guide's code is this module's {@code com.example.minimal.App}, which the build compiles. */
class ReadmeSnippetTest {
    @Test
    void the_readme_shows_the_minimal_app_as_it_compiles_here() throws Exception {
        String source = Files.readString(Path.of("src/main/java/com/example/minimal/App.java"));
        String code = source.substring(source.indexOf("import "));
        String readme = Files.readString(Path.of("../../docs/embedding.md"));
        assertTrue(readme.contains(code), "docs/embedding.md must show src/main/java/com/example/minimal/App.java from its imports on");
        long lines = code.lines().filter(line -> !line.isBlank()).count();
        assertTrue(lines < 20, "the smallest working app has " + lines + " lines");
    }
}
