"""A real WordPress (Debian's ``wordpress`` package) on 127.0.0.1, seeded, as a `CmsSite`.

`wordpress_site` starts a private MariaDB (own datadir, socket, no network), writes the
host config Debian's ``/usr/share/wordpress/wp-config.php`` loads, starts Apache with its own
config file (mod_php, pretty permalinks through ``FallbackResource``, a combined access log),
seeds WordPress with a PHP CLI script (`seed_plan`: 3 authors, 24 published posts of 1 to 10
paragraphs over 14 months, 2 pages, 2 drafts, a private post, comments, and a footer with the
Calendar, Archives, Search and Log-in blocks on every page), and reads the ground truth back
from the REST API. Teardown stops both servers and removes the host config.

Debian's wp-config.php picks ``/etc/wordpress/config-<name>.php`` from ``WORDPRESS_CONFIG``
when it is set (else from the ``Host`` header): Apache sets it with ``SetEnv`` and the seed
script sets it itself, so each install has a config of its own (``newscrawl-test-<port>``)
and two test runs on one machine, or a real ``config-127.0.0.1.php``, do not collide.
Needs root (it writes to ``/etc/wordpress``; Apache serves as ``www-data``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import html
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from cms_common import CmsSite, Post
from parsel import Selector

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import pytest

WORDPRESS = Path("/usr/share/wordpress")
CONFIG_DIR = Path("/etc/wordpress")
TIMEZONE = "Europe/Berlin"
PERMALINKS = "/%year%/%monthnum%/%day%/%postname%/"
SBIN_PATH = f"{os.environ.get('PATH', '')}:/usr/local/sbin:/usr/sbin:/sbin"
PACKAGES = "wordpress mariadb-server apache2 libapache2-mod-php php-mysql php-xml"
AUTHORS = (("mkeller", "Maria Keller"), ("jokafor", "James Okafor"), ("lfischer", "Lena Fischer"))
CATEGORIES = ("Politics", "Business", "Science", "Culture", "Sport")
TAGS = ("transport", "housing", "climate", "budget", "schools", "health", "energy", "football")
PARAGRAPH_COUNTS = (6, 1, 9, 3, 4, 2, 10, 5, 1, 7, 8, 3, 2, 6, 10, 4, 1, 5, 9, 2, 7, 3, 8, 6)
"""Paragraphs of each published post: 9 of the 24 are short (1 to 3 paragraphs)."""

FOOTER = """<!-- wp:group {"layout":{"type":"constrained"}} -->
<div class="wp-block-group"><!-- wp:calendar /-->

<!-- wp:archives /-->

<!-- wp:search {"label":"Search","buttonText":"Search"} /-->

<!-- wp:loginout /--></div>
<!-- /wp:group -->

<!-- wp:pattern {"slug":"twentytwentythree/footer-default"} /-->"""
"""The theme's footer template part, with archive, search and log-in widgets added."""

SEED_PHP = r"""<?php
/* Seed a fresh WordPress from the JSON plan in argv[1]; print the unpublished URLs as JSON. */
function wp_mail($to, $subject, $message, $headers = '', $attachments = array()) {
    return true;  /* never send mail (wp_install notifies the admin) */
}
$plan = json_decode(file_get_contents($argv[1]), true);
$_SERVER['HTTP_HOST'] = $plan['host'];
$_SERVER['WORDPRESS_CONFIG'] = $plan['config'];
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$installed = wp_install($plan['blogname'], 'admin', 'admin@example.invalid', true, '',
                        wp_generate_password(24));
wp_set_current_user($installed['user_id']);
update_option('timezone_string', $plan['timezone']);
update_option('gmt_offset', '');
update_option('blogdescription', $plan['tagline']);
update_option('show_avatars', 0);
$wp_rewrite->set_permalink_structure($plan['permalinks']);
wp_delete_post(1, true);  /* "Hello world!" */
wp_delete_post(2, true);  /* "Sample Page" */

$users = array();
foreach ($plan['authors'] as $author) {
    $users[$author['login']] = wp_insert_user(array(
        'user_login' => $author['login'], 'user_pass' => wp_generate_password(24),
        'user_email' => $author['login'] . '@example.invalid', 'role' => 'author',
        'display_name' => $author['name'], 'nickname' => $author['name'],
        'first_name' => explode(' ', $author['name'])[0],
        'last_name' => explode(' ', $author['name'])[1],
    ));
}
$categories = array();
foreach ($plan['categories'] as $name) {
    $categories[$name] = wp_insert_term($name, 'category')['term_id'];
}
$unpublished = array(home_url('/?page_id=3'));  /* the default "Privacy Policy" draft */
foreach ($plan['posts'] as $post) {
    $content = '';
    foreach ($post['paragraphs'] as $paragraph) {
        $content .= "<!-- wp:paragraph -->\n<p>" . esc_html($paragraph)
                  . "</p>\n<!-- /wp:paragraph -->\n\n";
    }
    $id = wp_insert_post(array(
        'post_type' => $post['type'], 'post_status' => $post['status'],
        'post_title' => $post['title'], 'post_name' => $post['slug'],
        'post_content' => $content, 'post_date' => $post['date'],
        'post_author' => $users[$post['author']],
        'post_category' => $post['category'] ? array($categories[$post['category']]) : array(),
        'tags_input' => $post['tags'], 'comment_status' => 'open',
    ), true);
    if (is_wp_error($id)) {
        fwrite(STDERR, $id->get_error_message() . "\n");
        exit(1);
    }
    if ($post['status'] !== 'publish') {
        $unpublished[] = home_url('/?p=' . $id);
        $unpublished[] = home_url(date('/Y/m/d/', strtotime($post['date'])) . $post['slug'] . '/');
    }
    $parent = 0;
    foreach ($post['comments'] as $i => $comment) {
        $parent = wp_insert_comment(array(
            'comment_post_ID' => $id, 'comment_author' => $comment['author'],
            'comment_author_email' => 'reader' . $i . '@example.invalid',
            'comment_content' => $comment['text'], 'comment_approved' => 1,
            'comment_date' => $comment['date'],
            'comment_date_gmt' => get_gmt_from_date($comment['date']),
            'comment_parent' => $i % 2 ? $parent : 0,
        ));
    }
}
$footer = wp_insert_post(array(
    'post_type' => 'wp_template_part', 'post_status' => 'publish', 'post_name' => 'footer',
    'post_title' => 'Footer', 'post_content' => $plan['footer'],
), true);
wp_set_object_terms($footer, get_stylesheet(), 'wp_theme');
wp_set_object_terms($footer, 'footer', 'wp_template_part_area');
delete_option('rewrite_rules');  /* rebuilt by the first web request, with every rule */
echo json_encode(array('unpublished' => $unpublished, 'theme' => get_stylesheet()));
"""

_SUBJECTS = (
    "The city council", "Local traders", "A team of researchers at the university",
    "The regional transport authority", "Several hundred residents", "The harbour authority",
    "Teachers from the northern district", "The hospital trust", "Farmers in the valley",
    "The football club's board", "Museum curators", "The energy cooperative",
    "Volunteers from the river trust", "The mayor's office", "Two independent auditors",
    "The chamber of commerce", "Young climate campaigners", "The county fire service",
    "Opposition councillors", "The library's new director", "A panel of engineers",
    "Shop owners on the market square", "The tenants' association", "Scientists at the lab",
)  # fmt: skip
_VERBS = (
    "approved", "criticised", "postponed", "welcomed", "questioned", "published", "announced",
    "rejected", "reviewed", "defended", "presented", "revised", "debated", "endorsed",
    "challenged", "outlined", "funded", "paused", "extended", "scrapped",
)  # fmt: skip
_OBJECTS = (
    "a revised budget for the coming year", "plans for a second tram line",
    "the draft report on air quality", "a proposal to close the old swimming pool",
    "new rules for short-term rentals", "the timetable for the night buses",
    "a study of groundwater levels near the quarry", "the redesign of the central station",
    "a scheme to plant four thousand trees", "higher parking charges in the old town",
    "the merger of two primary schools", "a solar farm on the former airfield",
    "the renovation of the concert hall", "a ban on lorries in the narrow lanes",
    "the summer festival's programme", "an audit of the pension fund",
    "a pilot project for free school meals", "the sale of the empty tax office",
    "new cycle lanes along the embankment", "the museum's winter exhibition",
    "a flood barrier for the lower harbour", "the youth team's training ground",
)  # fmt: skip
_TAILS = (
    "after a long debate on Tuesday evening", "despite objections from the opposition",
    "according to figures released this week", "citing rising maintenance costs",
    "in a statement issued on Friday", "following months of public consultation",
    "to the surprise of many observers", "before the deadline at the end of the month",
    "after a petition gathered thousands of signatures", "in a vote that split the coalition",
    "at a crowded meeting in the town hall", "while the final costs remain unclear",
    "with support from the neighbouring villages", "as inspectors prepare a second visit",
    "weeks after the first warnings", "under pressure from local businesses",
)  # fmt: skip
_OTHERS = (
    "Critics say the timing could hardly be worse.", "Nobody expects a quick decision.",
    "The details will be published in a report next spring.",
    "Residents can comment on the plans until the end of the month.",
    "A spokesperson declined to give further details.",
    "The figures have not yet been checked by the regional office.",
    "Similar projects elsewhere took twice as long as planned.",
    "It is the third such proposal in five years.",
    "Supporters point to the example of neighbouring towns.",
    "The debate is likely to continue well into the autumn.",
)  # fmt: skip
_SPEAKERS = (
    "Anna Weber, who chairs the committee", "Tom Richter, a local shopkeeper",
    "Dr Sara Nowak, who led the study", "Paul Brandt, a spokesman for the union",
    "Eva Lindner, a teacher in the district", "Jonas Hartmann, the club's treasurer",
)  # fmt: skip
_QUOTES = (
    "We cannot wait another year", "This is a good day for the whole town",
    "Nobody asked the people who actually live here", "The numbers simply do not add up",
    "We have listened, and we have changed the plan", "It is a small step, but it matters",
    "The money has to come from somewhere", "I have never seen so many people at a meeting",
)  # fmt: skip
_TITLE_PLACES = (
    "Harbour", "Old town", "Valley", "Riverside", "North district", "Station quarter",
    "Market square", "Hillside", "Airfield", "Embankment", "Lakeside", "University quarter",
)  # fmt: skip
_TITLE_ENDS = (
    "faces a crucial vote", "gets a second chance", "divides the council", "wins new funding",
    "is put on hold", "draws record crowds", "sparks a row over costs", "takes shape at last",
)  # fmt: skip


@dataclass(frozen=True)
class SeedComment:
    """A comment the seed script adds to a post."""

    author: str
    text: str
    date: str
    """Local time, ``YYYY-MM-DD HH:MM:SS``."""


@dataclass(frozen=True)
class SeedPost:
    """A post or page the seed script creates."""

    title: str
    slug: str
    author: str
    """The author's login."""
    date: str
    """Local time (`TIMEZONE`), ``YYYY-MM-DD HH:MM:SS``."""
    paragraphs: tuple[str, ...]
    type: str = "post"
    status: str = "publish"
    category: str = ""
    tags: tuple[str, ...] = ()
    comments: tuple[SeedComment, ...] = ()

    @property
    def published(self) -> dt.datetime:
        """Return the publication instant in UTC."""
        local = dt.datetime.fromisoformat(self.date).replace(tzinfo=ZoneInfo(TIMEZONE))
        return local.astimezone(dt.UTC)


class _Writer:
    """Deterministic English news prose; no sentence is used twice on the site."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def _candidate(self) -> str:
        rng, kind = self.rng, self.rng.random()
        if kind < 0.55:
            return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                    f"{rng.choice(_TAILS)}.")  # fmt: skip
        if kind < 0.75:
            return f'"{rng.choice(_QUOTES)}," said {rng.choice(_SPEAKERS)}.'
        if kind < 0.9:
            return (f"Around {rng.randrange(40, 4000):,} people took part this year, "
                    f"{rng.randrange(2, 60)} per cent {rng.choice(('more', 'fewer'))} than in "
                    f"{rng.randrange(2009, 2023)}.")  # fmt: skip
        return rng.choice(_OTHERS)

    def sentence(self) -> str:
        """Return a sentence not returned before."""
        text = self._candidate()
        while text in self.used:
            text = self._candidate()
        self.used.add(text)
        return text

    def paragraph(self) -> str:
        """Return a paragraph of 1 to 6 sentences."""
        return " ".join(self.sentence() for _ in range(self.rng.choice((1, 2, 3, 3, 4, 5, 6))))

    def title(self) -> str:
        """Return a headline not returned before."""
        rng = self.rng
        text = f"{rng.choice(_TITLE_PLACES)}: {rng.choice(_OBJECTS)} {rng.choice(_TITLE_ENDS)}"
        while text in self.used:
            text = f"{rng.choice(_TITLE_PLACES)}: {rng.choice(_OBJECTS)} {rng.choice(_TITLE_ENDS)}"
        self.used.add(text)
        return text


def _slug(title: str) -> str:
    kept = "".join(c if c.isalnum() else " " for c in title.lower().replace("'", ""))
    return "-".join(kept.split())


def seed_plan() -> list[SeedPost]:
    """Return every post and page the seed script creates (deterministic)."""
    writer = _Writer(2024)
    rng = writer.rng
    start = dt.datetime(2024, 9, 2, 7, 0)
    posts: list[SeedPost] = []
    for i, count in enumerate(PARAGRAPH_COUNTS):
        title = writer.title() if i != 4 else "Mayor's budget & the night buses: what changes"
        date = start + dt.timedelta(days=i * 18 + rng.randrange(0, 5),
                                    minutes=rng.randrange(0, 14 * 60))  # fmt: skip
        comments = tuple(
            SeedComment(f"Reader {j + 1}", writer.paragraph(),
                        f"{date + dt.timedelta(hours=3 + j):%Y-%m-%d %H:%M:%S}")
            for j in range(3 if i % 7 == 2 else 0)
        )  # fmt: skip
        posts.append(SeedPost(
            title=title, slug=_slug(title), author=AUTHORS[i % len(AUTHORS)][0],
            date=f"{date:%Y-%m-%d %H:%M:%S}",
            paragraphs=tuple(writer.paragraph() for _ in range(count)),
            category=CATEGORIES[i % len(CATEGORIES)], tags=tuple(rng.sample(TAGS, i % 3)),
            comments=comments,
        ))  # fmt: skip
    for title, status in (("Council holds back the tram report", "draft"),
                          ("Notes on the station redesign", "draft"),
                          ("Internal memo on the festival budget", "private")):  # fmt: skip
        posts.append(SeedPost(
            title=title, slug=_slug(title), author=AUTHORS[0][0], date="2025-10-20 10:00:00",
            paragraphs=(writer.paragraph(), writer.paragraph()), status=status,
            category=CATEGORIES[0],
        ))  # fmt: skip
    for title in ("About", "Contact"):
        posts.append(SeedPost(
            title=title, slug=title.lower(), author=AUTHORS[0][0], date="2024-08-20 12:00:00",
            paragraphs=(writer.paragraph(),), type="page",
        ))  # fmt: skip
    return posts


def published_posts() -> list[SeedPost]:
    """Return the seeded posts anyone can read (what the crawl must export)."""
    return [p for p in seed_plan() if p.type == "post" and p.status == "publish"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _program(name: str) -> str:
    path = shutil.which(name, path=SBIN_PATH)
    if path is None:
        raise RuntimeError(f"{name} is not installed (apt-get install -y {PACKAGES})")
    return path


def _tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _wait(ready: Callable[[], bool], process: subprocess.Popen[bytes], what: str,
          log: Path, timeout: float = 30) -> None:  # fmt: skip
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited ({process.returncode}):\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not ready after {timeout:.0f} s:\n{_tail(log)}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop `process` and everything in its process group (own session), then reap it."""
    for sig, grace in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 10.0)):
        if process.poll() is not None:
            return  # reaped: its id (the group's) may belong to someone else by now
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _serves(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status) == 200
    except (OSError, urllib.error.URLError):
        return False


def _paragraphs(rendered: str) -> tuple[str, ...]:
    texts = (p.xpath("string()").get("") for p in Selector(text=rendered).xpath("//p"))
    return tuple(text.strip() for text in texts if text.strip())


class WordPress:
    """MariaDB, Apache and a seeded WordPress in `directory`, serving on 127.0.0.1."""

    def __init__(self, directory: Path) -> None:
        if os.geteuid() != 0:
            raise RuntimeError("the WordPress test bed needs root (writes /etc/wordpress)")
        names = ("mariadb-install-db", "mariadbd", "mariadb", "apache2", "php")
        self.programs = {name: _program(name) for name in names}
        modules = sorted(glob.glob("/usr/lib/apache2/modules/libphp*.so"))
        if not modules or not (WORDPRESS / "wp-load.php").exists():
            raise RuntimeError(f"WordPress or mod_php is missing (apt-get install -y {PACKAGES})")
        self.php_module = modules[-1]
        self.directory = directory
        # www-data must reach the database socket; pytest's temp dirs are private to root.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="newscrawl-wp-"))
        self.socket_dir.chmod(0o711)
        self.socket = self.socket_dir / "mysqld.sock"
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.config_name = f"newscrawl-test-{self.port}"
        self.config = CONFIG_DIR / f"config-{self.config_name}.php"
        self.access_log = directory / "access.log"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.unpublished: list[str] = []

    def _spawn(self, args: list[str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.processes.append(process)
        return process

    def _sql(self, statement: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.programs["mariadb"], "--no-defaults", f"--socket={self.socket}", "-uroot",
             "-e", statement],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip

    def start_database(self) -> str:
        """Start MariaDB on its own socket, create the database; return its password."""
        data = self.directory / "mysql"
        log = self.directory / "mariadb.log"
        install = subprocess.run(
            [self.programs["mariadb-install-db"], "--no-defaults", f"--datadir={data}",
             "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if install.returncode:
            raise RuntimeError(f"mariadb-install-db failed:\n{install.stdout}{install.stderr}")
        server = self._spawn(
            [self.programs["mariadbd"], "--no-defaults", f"--datadir={data}",
             f"--socket={self.socket}", f"--pid-file={self.directory / 'mariadb.pid'}",
             "--skip-networking", "--user=root", f"--log-error={log}", "--skip-log-bin",
             "--innodb-buffer-pool-size=64M"],
            log,
        )  # fmt: skip
        _wait(lambda: self._sql("SELECT 1").returncode == 0, server, "mariadbd", log)
        password = secrets.token_hex(12)
        created = self._sql(
            "CREATE DATABASE wordpress CHARACTER SET utf8mb4;"
            f"CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '{password}';"
            "GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';"
        )
        if created.returncode:
            raise RuntimeError(f"creating the database failed: {created.stderr}")
        return password

    def write_config(self, password: str) -> None:
        """Write the host config Debian's wp-config.php loads (``WORDPRESS_CONFIG``)."""
        home = self.base_url.rstrip("/")
        defines = {
            "DB_NAME": "wordpress", "DB_USER": "wordpress", "DB_PASSWORD": password,
            "DB_HOST": f"localhost:{self.socket}", "DB_CHARSET": "utf8mb4", "DB_COLLATE": "",
            "WP_HOME": home, "WP_SITEURL": home,
            "WP_CONTENT_DIR": str(WORDPRESS / "wp-content"),
            **{key: secrets.token_hex(32) for key in (
                "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
                "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT")},
        }  # fmt: skip
        lines = [f"define('{key}', '{value}');" for key, value in defines.items()]
        # Nothing but 127.0.0.1: no update checks, no cron self-requests, no mail.
        flags = ("WP_HTTP_BLOCK_EXTERNAL", "DISABLE_WP_CRON", "AUTOMATIC_UPDATER_DISABLED")
        lines += [f"define('{flag}', true);" for flag in flags]
        text = "<?php\n/* Written by newscrawl's tests/cms_wordpress.py; removed at teardown. */\n"
        self.config.write_text(text + "\n".join(lines) + "\n")
        shutil.chown(self.config, "root", "www-data")
        self.config.chmod(0o640)

    def seed(self) -> None:
        """Install WordPress and add the content of `seed_plan` (PHP CLI)."""
        plan = {
            "host": f"127.0.0.1:{self.port}", "config": self.config_name,
            "blogname": "Riverside Gazette", "tagline": "News from the valley",
            "timezone": TIMEZONE, "permalinks": PERMALINKS, "footer": FOOTER,
            "authors": [{"login": login, "name": name} for login, name in AUTHORS],
            "categories": list(CATEGORIES),
            "posts": [
                {"title": p.title, "slug": p.slug, "author": p.author, "date": p.date,
                 "paragraphs": list(p.paragraphs), "type": p.type, "status": p.status,
                 "category": p.category, "tags": list(p.tags),
                 "comments": [vars(c) for c in p.comments]}
                for p in seed_plan()
            ],
        }  # fmt: skip
        (self.directory / "plan.json").write_text(json.dumps(plan, indent=1))
        (self.directory / "seed.php").write_text(SEED_PHP)
        seeded = subprocess.run(
            [self.programs["php"], "-d", "display_errors=stderr", "seed.php", "plan.json"],
            cwd=self.directory, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if seeded.returncode or not seeded.stdout.strip().startswith("{"):
            raise RuntimeError(f"seeding WordPress failed:\n{seeded.stdout}\n{seeded.stderr}")
        self.unpublished = list(json.loads(seeded.stdout)["unpublished"])

    def start_web(self) -> None:
        """Start Apache (own config file, mod_php, pretty permalinks) on the free port."""
        modules = "/usr/lib/apache2/modules"
        conf = self.directory / "apache2.conf"
        conf.write_text(f"""ServerRoot /etc/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:{self.port}
PidFile {self.directory}/apache2.pid
DefaultRuntimeDir {self.directory}
ErrorLog {self.directory}/apache-error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule env_module {modules}/mod_env.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule php_module {self.php_module}
StartServers 4
MinSpareServers 2
MaxSpareServers 8
MaxRequestWorkers 24
TypesConfig /etc/mime.types
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{{Referer}}i\\" \\"%{{User-Agent}}i\\"" combined
CustomLog {self.access_log} combined
DocumentRoot {WORDPRESS}
SetEnv WORDPRESS_CONFIG {self.config_name}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {WORDPRESS}>
    Options FollowSymLinks
    Require all granted
    DirectoryIndex index.php
    FallbackResource /index.php
</Directory>
<FilesMatch "\\.php$">
    SetHandler application/x-httpd-php
</FilesMatch>
""")
        log = self.directory / "apache-error.log"
        server = self._spawn([self.programs["apache2"], "-f", str(conf), "-DFOREGROUND"], log)
        _wait(lambda: _serves(self.base_url), server, "apache2", log)

    def ground_truth(self) -> CmsSite:
        """Read the published posts (and what is not a post) back from the REST API."""
        api = f"{self.base_url}wp-json/wp/v2"
        posts = [
            Post(
                url=item["link"],
                title=html.unescape(item["title"]["rendered"]),
                published=dt.datetime.fromisoformat(item["date_gmt"]).replace(tzinfo=dt.UTC),
                author=item["_embedded"]["author"][0]["name"],
                paragraphs=_paragraphs(item["content"]["rendered"]),
            )
            for item in _get_json(f"{api}/posts?per_page=100&_embed=author")
        ]
        not_posts = [self.base_url, f"{self.base_url}feed/", f"{self.base_url}comments/feed/"]
        for kind in ("pages", "categories", "tags", "users"):
            not_posts += [item["link"] for item in _get_json(f"{api}/{kind}?per_page=100")]
        dates = {p.published.astimezone(ZoneInfo(TIMEZONE)) for p in posts}
        for fmt in ("%Y/", "%Y/%m/", "%Y/%m/%d/"):
            not_posts += sorted({f"{self.base_url}{d:{fmt}}" for d in dates})
        return CmsSite(
            name="wordpress", base_url=self.base_url, posts=posts,
            not_posts=not_posts + self.unpublished, access_log=self.access_log,
        )  # fmt: skip

    def stop(self) -> None:
        """Stop Apache and MariaDB, remove the host config and the socket directory."""
        for process in reversed(self.processes):
            _stop(process)
        self.config.unlink(missing_ok=True)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


def wordpress_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CmsSite]:
    """Start and seed a WordPress, yield it as a `CmsSite`, stop it (for a fixture)."""
    wordpress = WordPress(tmp_path_factory.mktemp("wordpress"))
    try:
        wordpress.write_config(wordpress.start_database())
        wordpress.seed()
        wordpress.start_web()
        yield wordpress.ground_truth()
    finally:
        wordpress.stop()
