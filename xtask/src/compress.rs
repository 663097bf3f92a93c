//! `cargo xtask compress <dir>`: brotli and gzip copies of the built
//! widget's text and wasm files, next to them (`widget_bg.wasm.br`,
//! `widget_bg.wasm.gz`), for the proxy's static file service to send as
//! they are (`ServeDir::precompressed_br().precompressed_gzip()`). Trunk
//! runs it after every release build (`Trunk.toml`'s post_build hook, on its
//! staging directory), so `trunk build --release` and `cargo xtask` builds
//! both ship them. Compressing once at build time lets brotli use its best
//! quality (11), which is far too slow to run per request.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The files worth compressing: everything a page loads except images.
const EXTENSIONS: [&str; 6] = ["wasm", "js", "html", "css", "json", "svg"];

/// Smaller files fit in one packet either way.
const MIN_BYTES: u64 = 512;

/// `compress [dir]`: the directory defaults to trunk's staging directory
/// (`TRUNK_STAGING_DIR`, set for hooks). Debug builds (`TRUNK_PROFILE`
/// other than `release`) are left alone: `trunk serve` compresses nothing
/// and brotli 11 on a 2 MB debug wasm would slow every rebuild.
pub fn run(args: &[String]) -> Result<()> {
    let dir = match (args.first(), std::env::var_os("TRUNK_STAGING_DIR")) {
        (Some(dir), _) => PathBuf::from(dir),
        (None, Some(staging)) => {
            if std::env::var("TRUNK_PROFILE").is_ok_and(|p| p != "release") {
                return Ok(());
            }
            PathBuf::from(staging)
        }
        (None, None) => bail!("usage: cargo xtask compress <dir>"),
    };
    let mut files = Vec::new();
    collect(&dir, &mut files)?;
    for file in files {
        compress(&file)?;
    }
    Ok(())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
            && fs::metadata(&path)?.len() >= MIN_BYTES
        {
            files.push(path);
        }
    }
    Ok(())
}

/// Writes `<file>.br` and `<file>.gz`, each only when it is smaller than the
/// file (otherwise a stale copy from an earlier build is removed).
fn compress(file: &Path) -> Result<()> {
    let raw = fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let mut br = Vec::new();
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &raw[..], &mut br, &params)
            .with_context(|| format!("brotli of {}", file.display()))?;
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&raw)?;
    let gz = gz.finish()?;
    for (suffix, bytes) in [("br", br), ("gz", gz)] {
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        let target = PathBuf::from(name);
        if bytes.len() < raw.len() {
            fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
        } else if target.exists() {
            fs::remove_file(&target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    // What the proxy sends for `Content-Encoding: br` or `gzip` must
    // decompress to the file itself; a file too small to gain, or not one a
    // page loads, gets no copies.
    #[test]
    fn copies_decompress_to_the_file_and_only_worthwhile_files_get_them() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        fs::create_dir_all(dir.join("snippets")).unwrap();
        let wasm: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(dir.join("widget_bg.wasm"), &wasm).unwrap();
        fs::write(
            dir.join("snippets/shim.js"),
            "export const a = 1;\n".repeat(100),
        )
        .unwrap();
        fs::write(dir.join("tiny.js"), "1").unwrap();
        fs::write(dir.join("logo.png"), vec![7u8; 4096]).unwrap();
        run(&[dir.display().to_string()]).unwrap();

        let mut from_br = Vec::new();
        brotli::BrotliDecompress(
            &mut &fs::read(dir.join("widget_bg.wasm.br")).unwrap()[..],
            &mut from_br,
        )
        .unwrap();
        assert_eq!(from_br, wasm);
        let mut from_gz = Vec::new();
        flate2::read::GzDecoder::new(&fs::read(dir.join("widget_bg.wasm.gz")).unwrap()[..])
            .read_to_end(&mut from_gz)
            .unwrap();
        assert_eq!(from_gz, wasm);
        assert!(dir.join("snippets/shim.js.br").exists());
        assert!(!dir.join("tiny.js.br").exists());
        assert!(!dir.join("logo.png.gz").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
