# Finds a JDK (or JRE) 21 or newer for the scripts in bin/, which source this file.
#
#   status_find_java NAME [--javac]
#
# looks, in order, at $JAVA_HOME, the java on the PATH, then the usual install folders (the newest
# there wins), and sets status_java_home and status_java (its bin/java). With --javac only a JDK
# counts (the build needs the compiler). When none is found it prints one line saying what to do,
# prefixed with NAME, and returns 1. STATUS_JDK_SEARCH (folders separated by ':') replaces the usual
# install folders, for tests and for JDKs kept somewhere unusual.
# Plain bash only, so it works with a bare PATH.

status_java_major() { # home -> prints the major version, or nothing
  local home=$1 line version=""
  if [[ -r "$home/release" ]]; then
    while IFS= read -r line; do
      if [[ $line == JAVA_VERSION=* ]]; then version=${line#JAVA_VERSION=}; version=${version//\"/}; fi
    done < "$home/release"
  fi
  if [[ -z $version && -x "$home/bin/java" ]]; then
    local settings
    settings=$("$home/bin/java" -XshowSettings:properties -version 2>&1) || true
    [[ $settings =~ java\.specification\.version\ =\ ([0-9.]+) ]] && version=${BASH_REMATCH[1]}
  fi
  [[ $version == 1.* ]] && version=${version#1.}
  version=${version%%[^0-9]*}
  [[ -n $version ]] && printf '%s\n' "$version"
}

status_find_java() {
  local name=$1 need_javac=${2:-} candidates=() folders=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  local on_path path_home=""
  if on_path=$(command -v java); then
    # /usr/bin/java is usually a chain of links into the JDK; without readlink, run it where it is
    if command -v readlink >/dev/null && [[ $(readlink -f "$on_path") == */bin/java ]]; then
      on_path=$(readlink -f "$on_path")
    fi
    path_home=${on_path%/bin/java}
    candidates+=("$path_home")
  fi
  if [[ -n ${STATUS_JDK_SEARCH+set} ]]; then
    IFS=: read -r -a folders <<< "$STATUS_JDK_SEARCH"
  else
    folders=(/usr/lib/jvm /usr/java /opt/java /opt/jdk /Library/Java/JavaVirtualMachines
             "${HOME:-/nonexistent}/Library/Java/JavaVirtualMachines" "${HOME:-/nonexistent}/.sdkman/candidates/java"
             "${HOME:-/nonexistent}/.jdks" "${HOME:-/nonexistent}/.asdf/installs/java" /opt/homebrew/opt /usr/local/opt)
  fi
  local folder home
  for folder in "${folders[@]}"; do
    for home in "$folder"/*; do
      [[ -d "$home/Contents/Home" ]] && home="$home/Contents/Home"
      [[ -x "$home/bin/java" ]] && candidates+=("$home")
    done
  done

  # $JAVA_HOME or the PATH's java when new enough (the user chose them), else the newest installed
  local best="" best_major=0 major found=""
  for home in "${candidates[@]}"; do
    [[ -x "$home/bin/java" ]] || continue
    major=$(status_java_major "$home")
    [[ -n $major ]] || continue
    if [[ -n $need_javac && ! -x "$home/bin/javac" ]]; then
      [[ $found == *"Java $major runtime "* ]] || found+="${found:+, }a Java $major runtime without javac ($home)"
      continue
    fi
    [[ $found == *"Java $major "* ]] || found+="${found:+, }Java $major ($home)"
    if (( major >= 21 )) && [[ $home == "${JAVA_HOME:-}" || $home == "$path_home" ]]; then
      best=$home; best_major=$major; break
    fi
    if (( major >= 21 && major > best_major )); then best=$home; best_major=$major; fi
  done
  if [[ -z $best ]]; then
    local what="a JDK or JRE"; [[ -n $need_javac ]] && what="a JDK"
    printf '%s: needs %s 21 or newer and found %s; install one (e.g. apt-get install openjdk-21-jdk, brew install openjdk@21 or sdk install java 21-tem) or set JAVA_HOME to one\n' \
      "$name" "$what" "${found:+only }${found:-none}" >&2
    return 1
  fi
  status_java_home=$best
  status_java="$best/bin/java"
}
