import {
  targetId
} from "./chunk-266HZTFF.js";
import {
  runOk
} from "./chunk-AYZTICSL.js";
import {
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/toolchain/go-command.ts
async function goOutput(goBin, args, env, cwd) {
  return runOk([goBin, ...args], `go ${args[0] ?? ""}`.trim(), { env, cwd });
}
async function goEnv(goBin, names, env, cwd) {
  return JSON.parse(await goOutput(goBin, ["env", "-json", ...names], env, cwd));
}

// src/compile/compilers.ts
var LINUX_CROSS = {
  amd64: { cc: "x86_64-linux-gnu-gcc", cxx: "x86_64-linux-gnu-g++", pkg: ["gcc-x86-64-linux-gnu"], debArch: "amd64", triplet: "x86_64-linux-gnu" },
  arm64: { cc: "aarch64-linux-gnu-gcc", cxx: "aarch64-linux-gnu-g++", pkg: ["gcc-aarch64-linux-gnu"], debArch: "arm64", triplet: "aarch64-linux-gnu" },
  arm: { cc: "arm-linux-gnueabihf-gcc", cxx: "arm-linux-gnueabihf-g++", pkg: ["gcc-arm-linux-gnueabihf"], debArch: "armhf", triplet: "arm-linux-gnueabihf" },
  "386": { cc: "i686-linux-gnu-gcc", cxx: "i686-linux-gnu-g++", pkg: ["gcc-i686-linux-gnu"], debArch: "i386", triplet: "i386-linux-gnu" },
  riscv64: { cc: "riscv64-linux-gnu-gcc", cxx: "riscv64-linux-gnu-g++", pkg: ["gcc-riscv64-linux-gnu"], debArch: "riscv64", triplet: "riscv64-linux-gnu" },
  ppc64le: {
    cc: "powerpc64le-linux-gnu-gcc",
    cxx: "powerpc64le-linux-gnu-g++",
    pkg: ["gcc-powerpc64le-linux-gnu"],
    debArch: "ppc64el",
    triplet: "powerpc64le-linux-gnu"
  },
  s390x: { cc: "s390x-linux-gnu-gcc", cxx: "s390x-linux-gnu-g++", pkg: ["gcc-s390x-linux-gnu"], debArch: "s390x", triplet: "s390x-linux-gnu" }
};
var MINGW = {
  amd64: { cc: "x86_64-w64-mingw32-gcc", cxx: "x86_64-w64-mingw32-g++", pkg: "gcc-mingw-w64-x86-64" },
  "386": { cc: "i686-w64-mingw32-gcc", cxx: "i686-w64-mingw32-g++", pkg: "gcc-mingw-w64-i686" }
};
function debArch(goarch) {
  return LINUX_CROSS[goarch]?.debArch ?? goarch;
}
function multiarchPkgConfig(goarch) {
  const triplet = LINUX_CROSS[goarch]?.triplet ?? `${goarch}-linux-gnu`;
  return `/usr/lib/${triplet}/pkgconfig:/usr/share/pkgconfig`;
}
function hostName(host) {
  return `${host.os}/${host.arch}`;
}
function compilerFor(host, target, userCC) {
  const id = targetId(target);
  if (userCC) {
    return { source: "user", cc: userCC, env: {}, debPackages: [], hint: `the "cc" input sets ${id} to ${JSON.stringify(userCC)}` };
  }
  const native = host.os === target.os && host.arch === target.arch;
  if (native) return nativeCompiler(host);
  const noCompiler = (why, fix) => {
    throw inputError("targets", id, `needs cgo, but ${why} on a ${hostName(host)} host`, fix);
  };
  if (target.os === "darwin") {
    if (host.os === "darwin") {
      return { source: "host", env: {}, debPackages: [], hint: "install the Xcode Command Line Tools: xcode-select --install" };
    }
    return noCompiler(
      "no C compiler can target macOS",
      "build it on a macOS runner (runs-on: macos-latest), or set cgo: false if the code is pure Go (not Fyne)"
    );
  }
  if (target.os === "linux") {
    const cross = LINUX_CROSS[target.arch];
    if (host.os === "linux" && cross) {
      const pc = multiarchPkgConfig(target.arch);
      return {
        source: "cross",
        cc: cross.cc,
        cxx: cross.cxx,
        env: { PKG_CONFIG_PATH: pc, PKG_CONFIG_LIBDIR: pc },
        debPackages: cross.pkg,
        debArch: cross.debArch,
        hint: `install ${cross.pkg.join(" ")} (apt-get install ${cross.pkg.join(" ")})`
      };
    }
    const runner = target.arch === "arm64" ? "ubuntu-24.04-arm" : "ubuntu-latest";
    return noCompiler(
      "there is no C cross compiler for it",
      `build it on a Linux runner (runs-on: ${runner}), or set cc (e.g. cc: ${id}=zig cc -target ${cross?.triplet ?? target.arch + "-linux-gnu"})`
    );
  }
  if (target.os === "windows") {
    const mingw = MINGW[target.arch];
    if (mingw && host.os === "linux") {
      return {
        source: "cross",
        cc: mingw.cc,
        cxx: mingw.cxx,
        env: {},
        debPackages: [mingw.pkg],
        hint: `install ${mingw.pkg} (apt-get install ${mingw.pkg})`
      };
    }
    if (mingw && host.os === "darwin") {
      return { source: "cross", cc: mingw.cc, cxx: mingw.cxx, env: {}, debPackages: [], hint: "install MinGW-w64: brew install mingw-w64" };
    }
    if (target.arch === "arm64") {
      return noCompiler(
        "no packaged C compiler targets Windows on ARM",
        "build it on a Windows ARM runner (runs-on: windows-11-arm), or set cc to an llvm-mingw clang (e.g. cc: windows/arm64=aarch64-w64-mingw32-clang)"
      );
    }
    return noCompiler("there is no MinGW-w64 cross compiler for it", `build it on a Windows runner (runs-on: windows-latest), or set cc for ${id}`);
  }
  return noCompiler("no C cross compiler is known for it", `build it on a ${target.os} host, set cc for ${id}, or set cgo: false`);
}
function nativeCompiler(host) {
  switch (host.os) {
    case "darwin":
      return { source: "host", env: {}, debPackages: [], hint: "install the Xcode Command Line Tools: xcode-select --install" };
    case "windows":
      return {
        source: "host",
        env: {},
        debPackages: [],
        hint: "put a MinGW-w64 gcc on PATH (GitHub Windows runners have one; locally: choco install mingw, or MSYS2)"
      };
    case "linux":
      return { source: "host", env: {}, debPackages: ["gcc", "libc6-dev"], hint: "install gcc (apt-get install gcc libc6-dev)" };
    default:
      return { source: "host", env: {}, debPackages: [], hint: `install a C compiler (cc) for ${host.os}` };
  }
}

export {
  goOutput,
  goEnv,
  debArch,
  compilerFor
};
