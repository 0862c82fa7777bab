#!/usr/bin/python3
"""Generates a synthetic web crawl as a WARC.gz (one gzip member per record, as Common Crawl) with
planted cross-site text reuse, for the web-path benchmark; and checks such a file.

usage: bench/gen_warc.py --out FILE.warc.gz --mb N [--seed S] [--truth TRUTH.tsv] [--families FAM.tsv] [--sites 40]
       bench/gen_warc.py --check FILE.warc.gz [--truth TRUTH.tsv]

The file holds a warcinfo record, then per fetch a request, a response and a metadata record
(WARC/1.0). About N MB (10^6 bytes) of the response payloads are HTML (counted before any
Content-Encoding or chunking): article pages of 30-150 KB with 1-8 KB of article text, each site
with its own template (navigation, breadcrumb, sidebar link lists, share bar, comment form,
newsletter box, cookie banner, footer, inline CSS and JS), plus 404 pages, 301 redirects, JPEG and
PDF responses. Some sites are Russian in windows-1251, some English in windows-1252 (declared in
<meta>, in the HTTP header only, or nowhere); some bodies are stored chunked or gzip-encoded.
Article text comes from bench/gen_corpus.py (imported): its Markov model, names and derivations.
About 15% of the articles are copied from an article of another site (verbatim, near_duplicate,
spun, partial, summary; Russian: verbatim, near_duplicate, partial); --truth writes
record_id_a<TAB>record_id_b<TAB>kind (a = the original's response WARC-Record-ID without angle
brackets, as textrace reports ids) with a header line; --families writes record_id<TAB>family for
every member of a planted family (siblings and chains share reuse too). Same --seed, same bytes
(the WARC-Filename in the warcinfo record excepted). A summary goes to
stderr. --check re-reads a file member by member and verifies it (see check()).
"""
import argparse
import base64
import collections
import datetime
import glob
import hashlib
import html
import html.entities
import json
import os
import random
import re
import sys
import time
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# Sites

# (lang, real encoding, declaration, label). Declaration: "meta" (<meta> only), "header" (HTTP
# Content-Type only), "meta+header", "meta+header+bom" (and a UTF-8 byte-order mark), "none"
# (nothing: windows-1252 by the HTML fallback). ISO-8859-1 is decoded as windows-1252 (WHATWG).
SITE_MIX_40 = [
    ("ru", "windows-1251", "meta", "windows-1251"),
    ("en", "windows-1252", "none", ""),
    ("en", "utf-8", "meta+header", "UTF-8"),
    ("en", "windows-1252", "meta", "windows-1252"),
    ("ru", "utf-8", "meta+header", "utf-8"),
    ("en", "utf-8", "meta", "utf-8"),
    ("en", "windows-1252", "header", "windows-1252"),
    ("ru", "windows-1251", "meta+header", "windows-1251"),
    ("en", "utf-8", "header", "utf-8"),
    ("en", "utf-8", "meta+header", "UTF-8"),
    ("en", "windows-1252", "meta", "ISO-8859-1"),
    ("ru", "windows-1251", "header", "windows-1251"),
    ("en", "utf-8", "meta+header+bom", "utf-8"),
    ("en", "windows-1252", "none", ""),
    ("en", "utf-8", "meta", "utf-8"),
    ("ru", "windows-1251", "meta", "Windows-1251"),
    ("en", "windows-1252", "meta+header", "windows-1252"),
    ("en", "utf-8", "header", "UTF-8"),
    ("ru", "utf-8", "meta", "UTF-8"),
    ("en", "windows-1252", "none", ""),
] + [("en", "utf-8", "meta+header", "UTF-8"), ("en", "utf-8", "meta", "utf-8")] * 10

FAMILY_SIZE_KB = {"wp": (35, 110), "news": (70, 150), "magazine": (50, 140), "legacy": (30, 55)}

EN_NAV = ("Home", "News", "World", "Politics", "Business", "Tech", "Science", "Health", "Sports",
          "Entertainment", "Culture", "Opinion", "Lifestyle", "Travel", "Food", "Local", "Weather",
          "Education", "Environment", "Markets", "Video", "Podcasts", "Photos", "Events",
          "Obituaries", "Real Estate", "Jobs", "Contact", "About", "Newsletters", "Archive",
          "Books", "Music", "Film", "Autos", "Money", "Crime", "Energy", "Climate", "Space")
RU_NAV = ("Главная", "Новости", "Политика", "Экономика", "Общество", "Происшествия", "Спорт",
          "Культура", "Наука", "Технологии", "Авто", "Недвижимость", "Здоровье", "Образование",
          "Регионы", "Мнения", "Фото", "Видео", "Интервью", "Контакты", "О проекте", "Реклама",
          "Афиша", "Туризм", "Финансы", "Энергетика", "Транспорт", "Экология", "Архив", "Погода")
HOST_WORDS = ("herald", "times", "post", "daily", "news", "report", "journal", "gazette",
              "observer", "today", "insider", "wire", "chronicle", "tribune", "ledger", "review",
              "dispatch", "courier", "monitor", "sentinel", "beacon", "digest", "blog", "weekly")
TLDS = ("com", "com", "com", "net", "org", "co.uk", "com.au", "ca", "info", "news", "ie", "nz")
RU_SYL = (("ка", "ka"), ("лин", "lin"), ("мор", "mor"), ("бел", "bel"), ("сол", "sol"),
          ("вер", "ver"), ("гор", "gor"), ("ла", "la"), ("ры", "ry"), ("ти", "ti"), ("жа", "zha"),
          ("ор", "or"), ("тар", "tar"), ("са", "sa"), ("ме", "me"), ("зой", "zoy"), ("дол", "dol"),
          ("ник", "nik"), ("ро", "ro"), ("вин", "vin"), ("ше", "she"), ("пол", "pol"),
          ("ста", "sta"), ("гра", "gra"), ("ку", "ku"), ("ми", "mi"), ("нов", "nov"), ("ле", "le"))
RU_HOST_WORDS = (("novosti", "Новости"), ("vesti", "Вести"), ("gazeta", "Газета"),
                 ("pravda", "Правда"), ("vestnik", "Вестник"), ("info", "Инфо"),
                 ("24", "24"), ("online", "Онлайн"))
SERVERS = ("nginx", "nginx/1.18.0 (Ubuntu)", "Apache/2.4.41 (Ubuntu)", "Apache", "cloudflare",
           "Microsoft-IIS/8.5", "LiteSpeed", "openresty", "nginx/1.22.1")
CLASS_WORDS = ("header", "nav", "menu", "item", "link", "entry", "content", "title", "meta", "post",
               "widget", "sidebar", "footer", "btn", "icon", "share", "comment", "form", "field",
               "card", "grid", "col", "row", "container", "wrapper", "inner", "logo", "search",
               "toggle", "dropdown", "breadcrumb", "caption", "figure", "author", "avatar", "badge",
               "tag", "label", "modal", "overlay", "cookie", "banner", "newsletter", "subscribe",
               "related", "popular", "list", "thumb", "media", "excerpt", "date", "social", "ad",
               "slot", "sticky", "hero", "lead", "byline", "section", "block", "panel", "tabs")
CLASS_PREFIXES = ("td-", "jeg_", "elementor-", "wp-block-", "c-", "gh-", "mvp-", "tdb-", "cs-",
                  "o-", "site-", "ast-", "penci-", "bs-", "fl-", "et_pb_", "")


def slugify(s, maxlen=70):
    s = s.lower().translate(TRANSLIT)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:maxlen].rstrip("-") or "post"


TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "é": "e", "è": "e", "á": "a", "à": "a", "ö": "o", "ó": "o", "ü": "u", "ú": "u", "ñ": "n",
    "ç": "c", "ã": "a", "í": "i", "ï": "i", "ł": "l", "ř": "r", "ě": "e", "ń": "n",
    "’": "", "‘": "", "“": "", "”": "", "—": "-", "–": "-"})


class Site:
    pass


def rand_css(rng, prefix, nbytes, minified):
    words = CLASS_WORDS
    colors = ["#%06x" % rng.getrandbits(24) for _ in range(5)] + ["#fff", "#000", "#333", "#666",
                                                                   "#eee", "transparent", "inherit"]
    px = ("0", "0", "4px", "8px", "10px", "12px", "15px", "16px", "20px", "24px", "30px", "auto", "1em")
    props = (
        lambda: f"color:{rng.choice(colors)}",
        lambda: f"background:{rng.choice(colors)}",
        lambda: f"background-color:{rng.choice(colors)}",
        lambda: f"margin:{rng.choice(px)} {rng.choice(('0', 'auto', '12px', '1.5em'))}",
        lambda: f"padding:{rng.choice(px)} {rng.choice(px)}",
        lambda: f"font-size:{rng.choice(('12px', '13px', '14px', '16px', '18px', '1.2rem', '0.875em', '2.4rem'))}",
        lambda: f"line-height:{rng.choice(('1', '1.2', '1.4', '1.5', '1.65', '24px'))}",
        lambda: f"display:{rng.choice(('block', 'none', 'flex', 'inline-block', 'grid', 'inline-flex'))}",
        lambda: f"border:{rng.randint(0, 2)}px solid {rng.choice(colors)}",
        lambda: f"border-radius:{rng.choice(px)}",
        lambda: "font-family:" + rng.choice(('"Helvetica Neue",Helvetica,Arial,sans-serif',
                                             'Georgia,"Times New Roman",serif', 'Roboto,sans-serif',
                                             '-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto')),
        lambda: f"position:{rng.choice(('relative', 'absolute', 'fixed', 'sticky', 'static'))}",
        lambda: f"width:{rng.choice(('100%', '50%', 'auto', '320px', '33.333%', 'calc(100% - 40px)'))}",
        lambda: f"max-width:{rng.choice(('1200px', '1140px', '780px', '100%', '640px'))}",
        lambda: f"text-transform:{rng.choice(('uppercase', 'none', 'capitalize'))}",
        lambda: f"transition:all .{rng.randint(1, 5)}s ease",
        lambda: f"box-shadow:0 {rng.choice(px)} {rng.choice(px)} rgba(0,0,0,.{rng.randint(1, 2)})",
        lambda: f"z-index:{rng.choice((1, 2, 10, 99, 100, 999, 9999))}",
        lambda: f"flex:{rng.choice(('1', '0 0 auto', '1 1 0%', 'none'))}",
        lambda: f"grid-template-columns:repeat({rng.randint(2, 4)},1fr)",
        lambda: f"font-weight:{rng.choice(('400', '500', '600', '700', 'bold', 'normal'))}",
        lambda: f"opacity:.{rng.randint(1, 9)}",
        lambda: f"top:{rng.choice(px)}",
        lambda: f"letter-spacing:.{rng.randint(1, 9)}px",
    )
    out = []
    size = 0
    sep = "" if minified else "\n"
    while size < nbytes:
        sel = []
        for _ in range(rng.randint(1, 3)):
            part = "." + prefix + rng.choice(words)
            if rng.random() < 0.4:
                part += "__" + rng.choice(words)
            if rng.random() < 0.2:
                part += rng.choice((":hover", ":focus", "::before", "::after", ">a", " a", " li"))
            sel.append(part)
        decls = [rng.choice(props)() for _ in range(rng.randint(1, 6))]
        if minified:
            rule = " ".join(sel) + "{" + ";".join(decls) + "}"
        else:
            rule = " ".join(sel) + " {\n  " + ";\n  ".join(decls) + ";\n}\n"
        if rng.random() < 0.05:
            rule = f"@media (max-width:{rng.choice((480, 600, 768, 782, 1024))}px){{{rule}}}"
        out.append(rule)
        size += len(rule)
    return sep.join(out)


JS_WORDS = ("init", "render", "track", "load", "observe", "handler", "config", "options", "state",
            "update", "toggle", "scroll", "resize", "lazy", "menu", "modal", "consent", "slot",
            "refresh", "queue", "push", "cookie", "storage", "fetch", "module", "exports", "event",
            "target", "element", "items", "index", "timer", "debounce", "throttle", "visible")


def rand_js(rng, nbytes):
    def ident():
        if rng.random() < 0.6:
            return rng.choice("abcdefghijklmnoprstuvwxyz") + (rng.choice("abcdefghijklmnoprstuvwxyzABCDEFGHIJ") if rng.random() < 0.5 else "")
        return rng.choice(JS_WORDS) + rng.choice(("", "", "Fn", "Cb", "El", "Id", "List"))

    def lit():
        return '"' + rng.choice(JS_WORDS) + rng.choice(("", "-", "_", ":")) + rng.choice(JS_WORDS) + '"'
    tmpl = (
        lambda: f"function {ident()}({ident()},{ident()}){{return e&&e.{rng.choice(JS_WORDS)}?e.{rng.choice(JS_WORDS)}(t):{rng.randint(0, 99)}}}",
        lambda: f"var {ident()}={{{rng.choice(JS_WORDS)}:{lit()},{rng.choice(JS_WORDS)}:{rng.randint(0, 9999)},{rng.choice(JS_WORDS)}:!{rng.randint(0, 1)},{rng.choice(JS_WORDS)}:[{rng.randint(0, 99)},{rng.randint(0, 99)},{rng.randint(0, 99)}]}};",
        lambda: f"{ident()}.prototype.{rng.choice(JS_WORDS)}=function(e){{var t=this.{rng.choice(JS_WORDS)}[e];if(!t)return;t.{rng.choice(JS_WORDS)}(e,{rng.randint(0, 500)});this.{rng.choice(JS_WORDS)}=!1}};",
        lambda: f'document.addEventListener("{rng.choice(("DOMContentLoaded", "click", "scroll", "load", "keydown"))}",function(e){{{ident()}(e.target,{lit()})}});',
        lambda: f"for(var {ident()}=0;i<{ident()}.length;i++){{n[i].{rng.choice(JS_WORDS)}={lit()}+i}}",
        lambda: f'if(typeof window.{ident()}==="undefined"){{window.{ident()}={{}}}}',
        lambda: f'try{{{ident()}()}}catch(e){{console.warn({lit()},e)}}',
        lambda: f"{ident()}=function(e,t,n){{var r=e.querySelectorAll({lit()}),o=r.length;while(o--)r[o].setAttribute({lit()},t?n:null);return r}};",
        lambda: f"(function(){{var s=document.createElement(\"script\");s.async=!0;s.src=\"https://cdn.{rng.choice(JS_WORDS)}.com/{rng.choice(JS_WORDS)}.{rng.getrandbits(32):08x}.js\";document.head.appendChild(s)}})();",
    )
    out = ['!function(){"use strict";']
    size = 0
    while size < nbytes:
        s = rng.choice(tmpl)()
        out.append(s)
        size += len(s)
    out.append("}();")
    return "".join(out)


def rand_svg_path(rng, n):
    parts = ["M%d.%d %d.%d" % (rng.randint(0, 24), rng.randint(0, 99), rng.randint(0, 24), rng.randint(0, 99))]
    for _ in range(n):
        parts.append(rng.choice("clLhvCsqa") + " ".join("%s%d.%02d" % (rng.choice(("", "-")), rng.randint(0, 12), rng.randint(0, 99))
                                                       for _ in range(rng.choice((2, 4, 6)))))
    return "".join(parts) + "z"


def make_sites(seed, n):
    rng = random.Random(seed * 104729 + 3)
    if n <= len(SITE_MIX_40):
        mix = [SITE_MIX_40[int(k * len(SITE_MIX_40) / n)] for k in range(n)]
    else:
        mix = [SITE_MIX_40[k % len(SITE_MIX_40)] for k in range(n)]
    sites = []
    hosts = set()
    for k, (lang, enc, declare, label) in enumerate(mix):
        s = Site()
        s.k, s.lang, s.encoding, s.declare, s.label = k, lang, enc, declare, label
        s.meta = "meta" in declare
        s.header = "header" in declare
        s.bom = "bom" in declare
        if declare == "none":
            s.family = "legacy"
        elif lang == "ru":
            s.family = rng.choice(("wp", "news", "legacy", "wp"))
        else:
            x = rng.random()
            s.family = "wp" if x < 0.4 else "news" if x < 0.7 else "magazine" if x < 0.92 else "legacy"
        while True:
            if lang == "ru":
                syl = [rng.choice(RU_SYL) for _ in range(rng.randint(2, 3))]
                suf_ru, suf_lat = rng.choice((("ск", "sk"), ("ов", "ov"), ("ино", "ino"), ("град", "grad")))
                city_ru = "".join(c for c, _ in syl).capitalize() + suf_ru
                city_lat = "".join(l for _, l in syl) + suf_lat
                w_lat, w_ru = rng.choice(RU_HOST_WORDS)
                host = rng.choice((f"{w_lat}-{city_lat}.ru", f"www.{city_lat}{w_lat}.ru", f"{city_lat}.{w_lat}.ru"))
                s.name = f"{w_ru} {city_ru}" if rng.random() < 0.5 else f"{city_ru} {w_ru}"
            else:
                base = gc.make_name(rng, rng.randint(2, 3))
                word = rng.choice(HOST_WORDS)
                tld = rng.choice(TLDS)
                x = rng.random()
                if x < 0.4:
                    host = f"www.{base.lower()}{word}.{tld}"
                elif x < 0.6:
                    host = f"{base.lower()}-{word}.{tld}"
                elif x < 0.8:
                    host = f"www.the{base.lower()}{word}.{tld}"
                else:
                    host = f"{word}.{base.lower()}.{tld}"
                s.name = f"The {base} {word.capitalize()}" if rng.random() < 0.6 else f"{base} {word.capitalize()}"
            if host not in hosts:
                break
        hosts.add(host)
        s.host = host
        s.ip = "%d.%d.%d.%d" % (rng.choice((104, 172, 151, 185, 23, 52, 93, 217, 195)), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        s.weight = min(8.0, rng.paretovariate(1.3))
        s.server = rng.choice(SERVERS)
        s.lo, s.hi = FAMILY_SIZE_KB[s.family]
        s.lo = rng.randint(s.lo, (s.lo + s.hi) // 2)
        s.hi = rng.randint(s.lo + 5, s.hi)
        s.minified = rng.random() < 0.6
        s.prefix = rng.choice(CLASS_PREFIXES)
        css_kb = rng.uniform(0.15, 0.35) * s.lo
        js_kb = rng.uniform(0.1, 0.3) * s.lo
        s.css = rand_css(rng, s.prefix, int(css_kb * 1000), s.minified)
        s.js = rand_js(rng, int(js_kb * 1000))
        nav_src = RU_NAV if lang == "ru" else EN_NAV
        s.nav = rng.sample(nav_src[1:], min(len(nav_src) - 1, rng.randint(10, 30)))
        s.nav.insert(0, nav_src[0])
        s.categories = [c for c in s.nav[1:] if c not in ("Contact", "About", "Newsletters", "Archive", "Контакты", "О проекте", "Реклама", "Архив", "Video", "Photos", "Видео", "Фото")][:12] or [s.nav[1]]
        s.submenus = {c: rng.sample(nav_src, rng.randint(3, 8)) for c in s.nav if rng.random() < 0.2}
        s.footer_links = rng.sample(FOOTER_LINKS[lang], rng.randint(6, len(FOOTER_LINKS[lang])))
        s.typographic = enc == "windows-1252" or (lang == "en" and rng.random() < 0.5)
        s.entities = None if s.family == "legacy" and lang == "ru" else rng.choice((None, None, "numeric" if s.family == "wp" else "named"))
        s.title_case = lang == "en" and rng.random() < 0.5
        s.title_sep = rng.choice((" – ", " | ", " - ", " — ", " :: "))
        s.comments = rng.random() < (0.85 if s.family == "wp" else 0.35)
        s.newsletter = rng.random() < 0.6
        s.cookie = rng.random() < 0.5
        s.next_data = s.family == "news" and rng.random() < 0.6
        s.h2 = rng.random() < 0.6
        s.url_style = rng.randint(0, 3)
        s.gtm = "GTM-%s" % "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))
        s.ga = "UA-%d-%d" % (rng.randint(1000000, 99999999), rng.randint(1, 9))
        s.icons = {n: rand_svg_path(rng, rng.randint(8, 30)) for n in ("facebook", "twitter", "whatsapp", "email", "linkedin", "print", "search", "menu")}
        s.tagline = site_tagline(rng, s)
        s.support = site_support_line(rng, s)
        s.founded = rng.randint(1996, 2016)
        s.gzip_share = rng.choice((0.0, 0.0, 0.05, 0.15))
        s.chunked_share = rng.choice((0.0, 0.0, 0.05, 0.15))
        s.xcrawler_share = rng.choice((0.0, 0.0, 0.1))
        s.php = s.family in ("wp", "legacy") and rng.random() < 0.6
        sites.append(s)
    return sites


FOOTER_LINKS = {
    "en": ["About Us", "Contact Us", "Advertise", "Careers", "Privacy Policy", "Terms of Service",
           "Cookie Policy", "Accessibility", "Sitemap", "RSS Feeds", "Corrections", "Ethics Policy",
           "Subscribe", "Help Center", "Do Not Sell My Personal Information", "Newsletters"],
    "ru": ["О проекте", "Контакты", "Реклама на сайте", "Вакансии", "Политика конфиденциальности",
           "Пользовательское соглашение", "Карта сайта", "RSS", "Редакция", "Правила комментирования"],
}


def site_tagline(rng, s):
    if s.lang == "ru":
        return rng.choice(("Новости вашего города", "Главные новости региона", "Независимое издание",
                           "Все о жизни города", "Новости, события, мнения"))
    return rng.choice(("Independent news since %d" % rng.randint(1990, 2015), "Your daily source for local news",
                       "News, analysis and opinion", "Smart news for busy people", "Stories that matter",
                       "The voice of the community"))


def site_support_line(rng, s):
    if s.lang == "ru":
        return rng.choice((f"Подписывайтесь на «{s.name}» в Telegram и ВКонтакте.",
                           f"Если вы заметили ошибку, выделите ее и нажмите Ctrl+Enter.",
                           f"Нашли опечатку? Выделите текст и нажмите Ctrl+Enter."))
    return rng.choice((f"{s.name} is a reader-supported publication. To receive new posts and support our work, consider becoming a subscriber.",
                       f"Support independent journalism: become a member of {s.name} today.",
                       f"Have a news tip? Contact the {s.name} newsroom.",
                       f"This story was produced by the {s.name} newsroom. Republishing guidelines apply."))


# Cross-site boilerplate lines (they recur across many sites, which a cross-collection boilerplate
# filter should learn).
BP = {
    "en": {
        "skip": "Skip to content", "menu": "Menu", "search": "Search", "search_for": "Search for:",
        "home": "Home", "by": "By", "posted_on": "Posted on", "posted_in": "Posted in", "tagged": "Tagged",
        "share": "Share this:", "like": "Like this:", "like_loading": "Like Loading...",
        "related": "Related", "related_posts": "Related Posts", "popular": "Most Popular",
        "trending": "Trending Now", "recent": "Recent Posts", "recent_comments": "Recent Comments",
        "archives": "Archives", "categories": "Categories", "meta": "Meta",
        "meta_links": ["Log in", "Entries feed", "Comments feed", "WordPress.org"],
        "prev": "Previous Post", "next": "Next Post", "post_nav": "Post navigation",
        "leave": "Leave a Reply", "cancel": "Cancel reply",
        "notes": "Your email address will not be published.", "required": "Required fields are marked",
        "comment": "Comment", "name": "Name", "email": "Email", "website": "Website",
        "cookies_consent": "Save my name, email, and website in this browser for the next time I comment.",
        "post_comment": "Post Comment",
        "akismet": "This site uses Akismet to reduce spam.", "akismet_link": "Learn how your comment data is processed",
        "says": "says:", "reply": "Reply", "thoughts": "thoughts on", "closed": "Comments are closed.",
        "disqus": "Please enable JavaScript to view the comments powered by Disqus.",
        "nl_title": "Sign up for our newsletter", "nl_text": "Get the latest headlines delivered to your inbox every morning.",
        "nl_placeholder": "Enter your email address", "nl_button": "Subscribe",
        "nl_legal": "By signing up, you agree to our Terms of Use and Privacy Policy. You may unsubscribe at any time.",
        "cookie": "We use cookies to ensure that we give you the best experience on our website. If you continue to use this site we will assume that you are happy with it.",
        "accept": "Accept", "manage": "Manage preferences", "ad": "Advertisement",
        "rights": "All rights reserved.", "powered": "Proudly powered by WordPress",
        "read_more": "Read more:", "also_read": "Also read:",
        "follow": "Follow us on Facebook, Twitter and Instagram for the latest updates.",
        "photo": "Photo", "more_from": "More from", "continue": "Continue reading",
        "nf_title": "Oops! That page can’t be found.",
        "nf_text": "It looks like nothing was found at this location. Maybe try one of the links below or a search?",
        "updated": "Updated", "min_read": "min read", "originally": "This article originally appeared on",
        "source": "Source:", "tags": "Tags:",
    },
    "ru": {
        "skip": "Перейти к содержимому", "menu": "Меню", "search": "Поиск", "search_for": "Найти:",
        "home": "Главная", "by": "Автор:", "posted_on": "Опубликовано", "posted_in": "Рубрика:",
        "tagged": "Метки:", "share": "Поделиться:", "like": "Нравится:", "like_loading": "Загрузка...",
        "related": "Похожие записи", "related_posts": "Читайте также", "popular": "Популярное",
        "trending": "Самое читаемое", "recent": "Свежие записи", "recent_comments": "Свежие комментарии",
        "archives": "Архивы", "categories": "Рубрики", "meta": "Мета",
        "meta_links": ["Войти", "Лента записей", "Лента комментариев", "WordPress.org"],
        "prev": "Предыдущая запись", "next": "Следующая запись", "post_nav": "Навигация по записям",
        "leave": "Добавить комментарий", "cancel": "Отменить ответ",
        "notes": "Ваш адрес email не будет опубликован.", "required": "Обязательные поля помечены",
        "comment": "Комментарий", "name": "Имя", "email": "Email", "website": "Сайт",
        "cookies_consent": "Сохранить моё имя, email и адрес сайта в этом браузере для последующих моих комментариев.",
        "post_comment": "Отправить комментарий",
        "akismet": "Этот сайт использует Akismet для борьбы со спамом.", "akismet_link": "Узнайте, как обрабатываются ваши данные комментариев",
        "says": "говорит:", "reply": "Ответить", "thoughts": "комментариев к записи", "closed": "Комментарии закрыты.",
        "disqus": "Включите JavaScript, чтобы видеть комментарии.",
        "nl_title": "Подпишитесь на нашу рассылку", "nl_text": "Главные новости дня — каждое утро в вашей почте.",
        "nl_placeholder": "Ваш email", "nl_button": "Подписаться",
        "nl_legal": "Нажимая кнопку, вы соглашаетесь с политикой конфиденциальности.",
        "cookie": "Мы используем файлы cookie, чтобы сайт был удобнее. Продолжая пользоваться сайтом, вы соглашаетесь с этим.",
        "accept": "Принять", "manage": "Настройки", "ad": "Реклама",
        "rights": "Все права защищены. При использовании материалов ссылка на источник обязательна.",
        "powered": "Сайт работает на WordPress",
        "read_more": "Читайте также:", "also_read": "По теме:",
        "follow": "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать о главных событиях.",
        "photo": "Фото", "more_from": "Еще от", "continue": "Читать далее",
        "nf_title": "Страница не найдена",
        "nf_text": "Запрашиваемая страница не существует или была удалена. Попробуйте воспользоваться поиском.",
        "updated": "Обновлено", "min_read": "мин. чтения", "originally": "Материал впервые опубликован на сайте",
        "source": "Источник:", "tags": "Теги:",
    },
}

# ---------------------------------------------------------------------------------------------
# Russian text (a small generator: gen_corpus's model is English)

RU_NOUNS = {
    "m": "бюджет закон проект рынок совет суд доклад район город завод банк регион кризис рост спрос курс налог договор план сезон штаб фонд центр процесс режим контракт тариф университет музей театр порт аэропорт маршрут мост стадион комитет департамент парламент сектор рейтинг прогноз экспорт импорт доход дефицит ремонт конкурс фестиваль турнир матч институт колледж поселок автобус поезд отчет запрет указ".split(),
    "f": "компания программа система реформа проверка комиссия служба власть экономика инфляция зарплата пенсия больница школа дорога область столица выставка премия команда встреча сделка позиция продукция отрасль политика медицина наука полиция администрация партия библиотека лаборатория станция гостиница ярмарка поставка стратегия инициатива площадка платформа".split(),
    "n": "правительство министерство решение предприятие производство соглашение строительство здание исследование управление агентство учреждение издание население мероприятие сообщество объединение расследование заседание движение предложение".split(),
}
RU_ADJ = "новый крупный местный федеральный региональный городской областной главный частный государственный международный национальный финансовый экономический социальный транспортный строительный научный культурный медицинский спортивный молодой известный важный серьезный значительный основной отдельный открытый закрытый официальный дополнительный бюджетный муниципальный промышленный сельский технический российский зарубежный независимый современный долгосрочный инвестиционный энергетический цифровой образовательный".split()
RU_VERBS = "объявил сообщил предложил утвердил подписал одобрил запустил получил завершил представил открыл начал выделил сократил увеличил обсудил поддержал отклонил рассмотрел опубликовал провел потратил закрыл изменил продлил подготовил выиграл заключил построил принял снизил повысил оценил проверил организовал раскритиковал сохранил создал расширил обновил профинансировал".split()
RU_SAY = "заявил отметил сообщил подчеркнул пояснил добавил рассказал уточнил".split()
RU_INTRO = ("В понедельник", "Во вторник", "В среду", "В четверг", "В пятницу", "На прошлой неделе",
            "В этом году", "По данным экспертов", "Как сообщает пресс-служба", "Накануне", "Ранее",
            "Кроме того", "При этом", "Тем временем", "Впрочем", "В итоге", "Между тем",
            "Как отмечают аналитики", "Согласно отчету", "По предварительным данным", "Вчера",
            "В ближайшее время", "Как стало известно", "Напомним, что")
RU_PP = ("в ближайшие месяцы", "до конца года", "в рамках новой программы", "на территории региона",
         "по итогам первого квартала", "в прошлом году", "за счет федерального бюджета",
         "в связи с ростом цен", "на ближайшие пять лет", "после длительных переговоров",
         "несмотря на критику", "по просьбе жителей", "в центре города", "на севере области",
         "в течение недели", "без объявления конкурса", "с участием экспертов",
         "на фоне снижения спроса", "впервые за десять лет", "в сжатые сроки", "по решению суда",
         "на заседании комиссии", "в тестовом режиме", "в нескольких районах", "к началу сезона",
         "вопреки прогнозам", "с опозданием на год", "в полном объеме", "на льготных условиях",
         "совместно с партнерами", "по новым правилам", "в ходе проверки")
RU_ROLES = ("глава администрации", "представитель компании", "эксперт", "депутат", "министр",
            "директор департамента", "аналитик", "председатель комитета", "губернатор",
            "пресс-секретарь", "руководитель проекта", "экономист")
RU_FIRST = (("Иван", "m"), ("Алексей", "m"), ("Мария", "f"), ("Елена", "f"), ("Сергей", "m"),
            ("Ольга", "f"), ("Дмитрий", "m"), ("Анна", "f"), ("Андрей", "m"), ("Наталья", "f"),
            ("Михаил", "m"), ("Татьяна", "f"), ("Николай", "m"), ("Ирина", "f"), ("Павел", "m"),
            ("Светлана", "f"), ("Олег", "m"), ("Юлия", "f"), ("Виктор", "m"), ("Екатерина", "f"))
RU_SUR_A = ("Кар", "Мор", "Бел", "Сол", "Вер", "Гор", "Лап", "Рыб", "Кузн", "Жук", "Ор", "Тар",
            "Сав", "Мед", "Зай", "Гром", "Лис", "Бор", "Чер", "Дуб", "Ков", "Пет", "Сид", "Мал")
RU_SUR_B = ("ов", "ин", "енко", "ский", "ев", "ухин", "аков", "ецкий", "ович", "анов")


def ru_adj(adj, form):
    st, end = adj[:-2], adj[-2:]
    soft = st[-1] in "кгх"
    if end == "ый":
        e = {"m": "ый", "f": "ая", "n": "ое", "pl": "ые", "facc": "ую"}
    elif end == "ой":
        e = {"m": "ой", "f": "ая", "n": "ое", "pl": "ие" if soft else "ые", "facc": "ую"}
    else:
        e = {"m": "ий", "f": "ая", "n": "ое", "pl": "ие", "facc": "ую"}
    return st + e[form]


def ru_acc(noun, g):
    if g == "f":
        if noun.endswith("а"):
            return noun[:-1] + "у"
        if noun.endswith("я"):
            return noun[:-1] + "ю"
    return noun


def ru_verb(v, g):
    return v + {"m": "", "f": "а", "n": "о", "pl": "и"}[g]


class RuEntities:
    def __init__(self, rng):
        self.people = []
        for _ in range(rng.randint(2, 4)):
            first, g = rng.choice(RU_FIRST)
            sa, sb = rng.choice(RU_SUR_A), rng.choice(RU_SUR_B)
            sur = sa + sb
            if g == "f":
                sur = sa + {"ов": "ова", "ин": "ина", "ев": "ева", "ухин": "ухина", "аков": "акова",
                            "анов": "анова", "ский": "ская", "ецкий": "ецкая"}.get(sb, sb)
            self.people.append((first, sur, g))
        self.places = []
        for _ in range(rng.randint(1, 3)):
            syl = [rng.choice(RU_SYL)[0] for _ in range(rng.randint(2, 3))]
            self.places.append("".join(syl).capitalize() + rng.choice(("ск", "ов", "ино", "град", "ополь")))
        self.orgs = []
        for _ in range(rng.randint(1, 2)):
            nm = "".join(rng.choice(RU_SYL)[0] for _ in range(2)).capitalize() + rng.choice(("-Инвест", "строй", "пром", "тех", "", "-Групп"))
            kind, g = rng.choice((("компания", "f"), ("холдинг", "m"), ("агентство", "n"), ("концерн", "m"), ("фонд", "m")))
            self.orgs.append((f"{kind} «{nm}»", g))

    def person(self, rng):
        first, sur, g = rng.choice(self.people)
        return (f"{first} {sur}" if rng.random() < 0.6 else sur), g


def ru_np(rng, acc=False):
    g = rng.choice(("m", "m", "f", "f", "n"))
    noun = rng.choice(RU_NOUNS[g])
    if acc:
        adj = ru_adj(rng.choice(RU_ADJ), "facc" if g == "f" else g) if rng.random() < 0.7 else None
        noun = ru_acc(noun, g)
    else:
        adj = ru_adj(rng.choice(RU_ADJ), g) if rng.random() < 0.7 else None
    return (adj + " " + noun if adj else noun), g


def ru_clause(rng, ents):
    x = rng.random()
    proper = False
    if x < 0.55:
        subj, g = ru_np(rng)
    elif x < 0.75:
        name, g = ents.person(rng)
        subj = (rng.choice(RU_ROLES) + " " + name) if rng.random() < 0.5 else name
        proper = not subj[0].islower()
    elif x < 0.9:
        subj, g = rng.choice(ents.orgs)
    else:
        subj, g = f"администрация города {rng.choice(ents.places)}", "f"
    obj, _ = ru_np(rng, acc=True)
    s = f"{subj} {ru_verb(rng.choice(RU_VERBS), g)} {obj}"
    if rng.random() < 0.5:
        s += " " + rng.choice(RU_PP)
    if rng.random() < 0.12:
        s += f" на {rng.randint(2, 60)}%"
    elif rng.random() < 0.1:
        s += f" стоимостью {rng.randint(2, 900)} {rng.choice(('млн', 'млрд', 'тыс.'))} рублей"
    return s, proper


def ru_sentence(rng, ents):
    c, proper = ru_clause(rng, ents)
    lower = c if proper else c[0].lower() + c[1:]
    x = rng.random()
    if x < 0.22:
        s = f"{rng.choice(RU_INTRO)} {lower}."
    elif x < 0.36:
        name, g = ents.person(rng)
        s = f"«{c[0].upper() + c[1:]}», — {ru_verb(rng.choice(RU_SAY), g)} {rng.choice(RU_ROLES)} {name}."
    elif x < 0.46:
        s = f"В {rng.randint(1995, 2024)} году {lower}."
    elif x < 0.6:
        c2, p2 = ru_clause(rng, ents)
        s = f"{c}, {rng.choice(('а', 'однако', 'но', 'и'))} {c2 if p2 else c2[0].lower() + c2[1:]}."
    elif x < 0.67:
        s = f"Как отмечается, {lower}."
    elif x < 0.72:
        s = f"{c} в городе {rng.choice(ents.places)}."
    else:
        s = c + "."
    return s[0].upper() + s[1:]


def ru_base_text(rng, target_len):
    ents = RuEntities(rng)
    paras, total = [], 0
    while total < target_len:
        sents = []
        for _ in range(rng.randint(2, 6)):
            s = ru_sentence(rng, ents)
            sents.append(s)
            total += len(s) + 1
            if total >= target_len:
                break
        paras.append(" ".join(sents))
        total += 1
    return "\n\n".join(paras) + "\n"


class RuModelStub:
    common = sorted({w for ws in RU_NOUNS.values() for w in ws} | set(RU_ADJ) | {"также", "уже", "еще", "очень", "сегодня", "всего", "около", "почти"})


def ru_derive(kind, src, rng, date, site_name):
    if kind == "verbatim":
        return src
    if kind == "near_duplicate":
        text = gc.edit_words(src, rng, RuModelStub, rng.uniform(0.05, 0.14), None)
        paras = gc.paragraphs(text)
        if rng.random() < 0.4:
            paras.append(f"Источник: {site_name}.")
        return gc.join_text(paras)
    # partial: 1-3 passages of 2-6 sentences inside a new Russian text
    sents = [s for p in gc.paragraphs(src) for s in gc.sentences_of(p)]
    passages = []
    for _ in range(rng.randint(1, 3)):
        ln = rng.randint(2, 6)
        st = rng.randrange(max(1, len(sents) - ln + 1))
        passages.append((st, " ".join(sents[st:st + ln])))
    passages = [p for _, p in sorted(set(passages))]
    plen = sum(len(p) for p in passages)
    frac = rng.uniform(0.15, 0.40)
    host = gc.paragraphs(ru_base_text(rng, max(400, int(plen * (1 - frac) / frac))))
    slots = sorted(rng.randint(0, len(host)) for _ in passages)
    res, k = [], 0
    for i in range(len(host) + 1):
        while k < len(passages) and slots[k] == i:
            res.append(passages[k])
            k += 1
        if i < len(host):
            res.append(host[i])
    return gc.join_text(res)


# ---------------------------------------------------------------------------------------------
# English typography (sites in windows-1252 and some in UTF-8 write curly quotes, dashes and
# accented words; UTF-8 sites sometimes characters that windows-1252 lacks)

ACCENT_PHRASES = (", near a café in Montréal", " at the Zürich office", ", according to a Société Générale note",
                  " in São Paulo", ", a déjà vu for many", " for €{n} million", " at {n}°C", ", a naïve plan, critics said",
                  ", said José Núñez", ", the Müller family said", " after the résumé was published", " in Malmö",
                  " near the old façade", ", costing £{n}", " with the fiancée of Renée Dubois", " in Bogotá",
                  ", as the maître d’ put it", " — about {n}½ hours —", " at the Café Noir", " in Curaçao")
EXTENDED_PHRASES = (" in Łódź", ", said Zdeněk Hořejší", " in Gdańsk", " near Plzeň", ", about ≈{n} kg",
                    " on the Kraków–Łódź line", ", said Ólafur Þórsson")


def typographic(text, rng, extended):
    out = []
    for par in gc.paragraphs(text):
        ns = []
        for s in gc.sentences_of(par):
            s = s.replace("'", "’")
            x = rng.random()
            if x < 0.07 and len(s) > 30:
                s = "“" + s + "”"
            elif x < 0.13 and ", " in s:
                s = s.replace(", ", rng.choice((" — ", " – ")), 1)
            elif x < 0.21 and len(s) > 20 and s[-1] in ".!?":
                pool = EXTENDED_PHRASES if extended and rng.random() < 0.3 else ACCENT_PHRASES
                s = s[:-1] + rng.choice(pool).replace("{n}", str(rng.randint(2, 90))) + s[-1]
            ns.append(s)
        out.append(" ".join(ns))
    return gc.join_text(out)


# ---------------------------------------------------------------------------------------------
# Plan

EN_KINDS = ("verbatim", "near_duplicate", "spun", "partial", "summary")
RU_KINDS = ("verbatim", "near_duplicate", "partial")
DERIVED_SHARE = 0.15
CHAIN_SHARE = 0.10
SAME_SITE_VERBATIM = 0.15   # verbatim copies on the same site under a second URL
BASE_DATE = datetime.date(2015, 1, 1)
CRAWL_START = datetime.datetime(2024, 10, 3, 11, 52, 7)


def sample_article_length(rng):
    return int(min(8000, max(3000, rng.lognormvariate(8.4, 0.3))))


def plan_lang(n, rng, lang, kinds, sites, first_index):
    """Docs of one language: base documents then derived ones (indices from first_index)."""
    weights = [s.weight for s in sites]
    n_derived = int(round(n * DERIVED_SHARE))
    n_base = max(1, n - n_derived)
    docs = []
    for _ in range(n_base):
        docs.append({"lang": lang, "kind": None, "parent": None, "topic": rng.randrange(48),
                     "length": sample_article_length(rng), "day": rng.randrange(9 * 365),
                     "site": rng.choices(sites, weights)[0], "same_site": False})
    ks = [kinds[j % len(kinds)] for j in range(n - n_base)]
    rng.shuffle(ks)
    chain = []
    for kind in ks:
        if chain and rng.random() < CHAIN_SHARE:
            parent = rng.choice(chain)
        else:
            parent = first_index + rng.randrange(n_base)
        p = docs[parent - first_index]
        same = kind == "verbatim" and rng.random() < SAME_SITE_VERBATIM
        if same or len(sites) == 1:
            site = p["site"]
        else:
            others = [s for s in sites if s is not p["site"]]
            site = rng.choices(others, [s.weight for s in others])[0]
        docs.append({"lang": lang, "kind": kind, "parent": parent, "topic": rng.randrange(48),
                     "length": p["length"], "day": p["day"] + rng.randint(1, 400), "site": site,
                     "same_site": same})
        if kind in ("verbatim", "near_duplicate", "spun"):
            chain.append(first_index + len(docs) - 1)
    return docs


def make_plan(n, seed, sites):
    rng = random.Random(seed * 15485863 + 11)
    en_sites = [s for s in sites if s.lang == "en"]
    ru_sites = [s for s in sites if s.lang == "ru"]
    n_ru = int(round(n * len(ru_sites) / len(sites))) if ru_sites else 0
    docs = plan_lang(n - n_ru, rng, "en", EN_KINDS, en_sites, 0) if en_sites else []
    if n_ru:
        docs += plan_lang(n_ru, rng, "ru", RU_KINDS, ru_sites, len(docs))
    slots = [("article", i) for i in range(len(docs))]
    all_w = [s.weight for s in sites]
    for kind, share in (("404", 0.03), ("redirect", 0.05), ("jpeg", 0.03), ("pdf", 0.01)):
        for _ in range(max(1, int(round(len(docs) * share)))):
            slots.append((kind, rng.choices(sites, all_w)[0]))
    rng.shuffle(slots)
    sizes = {}
    for pos, slot in enumerate(slots):
        site = docs[slot[1]]["site"] if slot[0] == "article" else slot[1]
        if slot[0] in ("article", "404"):
            lo, hi = site.lo, site.hi
            if slot[0] == "404":
                hi = lo
            sizes[pos] = int(1000 * (lo + (hi - lo) * rng.betavariate(1.5, 2.2)))
    return docs, slots, sizes


# ---------------------------------------------------------------------------------------------
# Texts, titles, names


class Texts:
    def __init__(self, model, thes, docs, seed):
        self.model, self.thes, self.docs, self.seed = model, thes, docs, seed
        self.cache = collections.OrderedDict()
        self.parents = {d["parent"] for d in docs if d["parent"] is not None}
        self.titles = {}

    def date(self, i):
        return BASE_DATE + datetime.timedelta(days=self.docs[i]["day"])

    def text(self, i):
        t = self.cache.get(i)
        if t is not None:
            self.cache.move_to_end(i)
            return t
        d = self.docs[i]
        rng = random.Random(self.seed * 1000003 + i)
        year = self.date(i).year
        if d["kind"] is None:
            if d["lang"] == "ru":
                t = ru_base_text(rng, d["length"])
            else:
                t = gc.base_text(self.model, rng, d["topic"], d["length"], year)
                if d["site"].typographic:
                    t = typographic(t, rng, d["site"].encoding == "utf-8")
        else:
            src = self.text(d["parent"])
            if d["lang"] == "ru":
                t = ru_derive(d["kind"], src, rng, self.date(i).isoformat(), self.docs[d["parent"]]["site"].name)
            else:
                t = gc.DERIVE[d["kind"]](src, rng, model=self.model, thes=self.thes,
                                         ents_rng=random.Random(self.seed * 1000003 + i + 555555555),
                                         date=self.date(i).isoformat(), topic=d["topic"], date_year=year)
        if d["kind"] is not None or i in self.parents:
            self.cache[i] = t
            if len(self.cache) > 512:
                self.cache.popitem(last=False)
        return t

    def sentence(self, rng, lang, topic=None):
        if lang == "ru":
            return ru_sentence(rng, RuEntities(rng))
        ents = gc.Entities(rng, 2024)
        return gc.render_sentence(self.model, self.model.sentence(rng.random, rng.randrange(48) if topic is None else topic), rng, ents)

    def short(self, rng, lang, lo=5, hi=11):
        s = self.sentence(rng, lang).rstrip(".!?")
        words = s.replace("«", "").replace("»", "").split()
        words = words[:rng.randint(lo, hi)]
        while len(words) > 2 and words[-1].lower().strip(",;:") in gc.STOPWORDS:
            words.pop()
        return " ".join(words).rstrip(",;:—")

    def title(self, i):
        t = self.titles.get(i)
        if t is not None:
            return t
        d = self.docs[i]
        if d["kind"] in ("verbatim", "near_duplicate"):
            t = self.title(d["parent"])
        elif d["kind"] == "spun":
            rng = random.Random(self.seed * 7777 + i)
            t = " ".join((self.thes.synonym(w, rng) or w) if rng.random() < 0.5 else w
                         for w in self.title(d["parent"]).split())
        else:
            t = self.short(random.Random(self.seed * 7777 + i), d["lang"], 6, 12)
        self.titles[i] = t
        return t

    def author(self, i):
        d = self.docs[i]
        rng = random.Random(self.seed * 4441 + i)
        if d["lang"] == "ru":
            first, _ = rng.choice(RU_FIRST)
            return first + " " + rng.choice(RU_SUR_A) + rng.choice(("ов", "ин", "енко", "ев"))
        return f"{gc.make_name(rng, 2)} {gc.make_name(rng, rng.randint(2, 3))}"


def title_case(t):
    small = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "by", "with"}
    ws = t.split()
    return " ".join(w if (k and w.lower() in small) or not w[:1].isalpha() else w[:1].upper() + w[1:]
                    for k, w in enumerate(ws))


# ---------------------------------------------------------------------------------------------
# HTML

ENTITY_NAMED = {cp: f"&{name};" for cp, name in html.entities.codepoint2name.items() if cp > 127}
ENTITY_NUMERIC = {cp: f"&#{cp};" for cp in list(html.entities.codepoint2name) + [8217, 8216, 8220, 8221, 8211, 8212] if cp > 127}


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


def script_json(obj):
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).replace("</", "<\\/")


class PageCtx:
    pass


RU_MONTHS = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь",
             "Ноябрь", "Декабрь")


def month_name(d, lang):
    if lang == "ru":
        return ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                "октября", "ноября", "декабря")[d.month - 1]
    return gc.MONTHS[d.month - 1]


def human_date(d, lang):
    if lang == "ru":
        return f"{d.day} {month_name(d, lang)} {d.year}"
    return f"{gc.MONTHS[d.month - 1]} {d.day}, {d.year}"


class Renderer:
    def __init__(self, texts, sites, docs, seed):
        self.texts, self.sites, self.docs, self.seed = texts, sites, docs, seed
        self.site_docs = collections.defaultdict(list)
        for i, d in enumerate(docs):
            self.site_docs[d["site"].k].append(i)
        self.urls = {}

    # ---- URLs
    def url(self, i):
        u = self.urls.get(i)
        if u:
            return u
        d = self.docs[i]
        s = d["site"]
        date = self.texts.date(i)
        slug = slugify(self.texts.title(i))
        num = 10000 + (i * 7919 + s.k * 104729) % 890000
        cat = slugify(random.Random(self.seed * 31 + i).choice(s.categories))
        st = s.url_style
        if s.family == "legacy":
            path = (f"/news.php?id={num}&cat={cat[:8]}", f"/articles/{num}.htm", f"/archive/{date.year}/{num}.html", f"/story.asp?ID={num}")[st]
        elif s.family == "wp":
            path = (f"/{date.year}/{date.month:02d}/{date.day:02d}/{slug}/", f"/{date.year}/{date.month:02d}/{slug}/", f"/{slug}/", f"/{cat}/{slug}/")[st]
        elif s.family == "news":
            path = (f"/{cat}/{slug}-{num}", f"/news/{date.year}/{date.month:02d}/{date.day:02d}/{slug}.html", f"/{cat}/{date.year}/{date.month:02d}/{date.day:02d}/{slug}/", f"/article/{slug}-{num:x}")[st]
        else:
            path = (f"/{cat}/{slug}/", f"/{slug}-{num}/", f"/stories/{slug}", f"/{date.year}/{slug}/")[st]
        if d["same_site"]:
            path += ("&" if "?" in path else "?") + random.Random(i).choice(("utm_source=rss&utm_medium=rss", "amp=1", "output=amp", "replytocom=%d" % (num % 977), "fbclid=IwAR%x" % num))
        u = f"https://{s.host}{path}"
        if s.family == "legacy" and st == 3:
            u = f"http://{s.host}{path}"
        self.urls[i] = u
        return u

    def other_docs(self, site, rng, k, exclude=None):
        pool = self.site_docs.get(site.k, [])
        if not pool:
            return []
        return [j for j in (rng.choice(pool) for _ in range(k)) if j != exclude]

    # ---- pieces
    def head(self, ctx, title, desc, jsonld):
        s = ctx.site
        p = []
        legacy = s.family == "legacy"
        if legacy:
            p.append('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n<HTML>\n<HEAD>\n')
            if s.meta:
                p.append(f'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset={s.label}">\n')
            p.append(f"<TITLE>{ctx.T(title)}</TITLE>\n")
            p.append(f'<META NAME="keywords" CONTENT="{attr(", ".join(ctx.rng.sample(s.nav, min(6, len(s.nav)))))}">\n')
            p.append(f'<LINK REL="stylesheet" HREF="/css/style.css" TYPE="text/css">\n<STYLE TYPE="text/css">\n<!--\n{s.css}\n-->\n</STYLE>\n')
            p.append(f'<SCRIPT LANGUAGE="JavaScript" TYPE="text/javascript">\n<!--\n{s.js}\n//-->\n</SCRIPT>\n</HEAD>\n')
            return "".join(p)
        lang = "ru-RU" if s.lang == "ru" else "en-US"
        p.append(f'<!DOCTYPE html>\n<html lang="{lang}" class="no-js">\n<head>\n')
        if s.meta:
            if s.family == "wp" or ctx.rng.random() < 0.7:
                p.append(f'<meta charset="{s.label}">\n')
            else:
                p.append(f'<meta http-equiv="Content-Type" content="text/html; charset={s.label}">\n')
        p.append('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        if s.family == "wp":
            p.append("<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />\n")
        p.append(f"<title>{ctx.T(title)}{ctx.T(s.title_sep)}{ctx.T(s.name)}</title>\n")
        p.append(f'<link rel="canonical" href="{attr(ctx.url)}" />\n')
        if desc:
            p.append(f'<meta name="description" content="{attr(desc)}" />\n')
            p.append(f'<meta property="og:locale" content="{lang.replace("-", "_")}" />\n<meta property="og:type" content="article" />\n'
                     f'<meta property="og:title" content="{attr(title)}" />\n<meta property="og:description" content="{attr(desc)}" />\n'
                     f'<meta property="og:url" content="{attr(ctx.url)}" />\n<meta property="og:site_name" content="{attr(s.name)}" />\n'
                     f'<meta property="og:image" content="https://{s.host}/wp-content/uploads/{ctx.rng.getrandbits(40):x}.jpg" />\n'
                     '<meta name="twitter:card" content="summary_large_image" />\n')
        for k in range(ctx.rng.randint(2, 7)):
            p.append(f"<link rel='stylesheet' id='{s.prefix}style-{k}-css' href='https://{s.host}/assets/css/{ctx.rng.choice(JS_WORDS)}.min.css?ver={ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 20)}' media='all' />\n")
        p.append(f"<style id='{s.prefix}inline-css'>\n{s.css}\n</style>\n")
        p.append("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],"
                 "j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;"
                 f"f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','{s.gtm}');</script>\n")
        if jsonld:
            p.append(f'<script type="application/ld+json">{script_json(jsonld)}</script>\n')
        p.append("</head>\n")
        return "".join(p)

    def nav(self, ctx):
        s, b = ctx.site, ctx.bp
        if s.family == "legacy":
            links = " | ".join(f'<A HREF="/{slugify(n)}/">{ctx.T(n)}</A>' for n in s.nav)
            return (f'<TABLE WIDTH="100%" BORDER=0 CELLPADDING=0 CELLSPACING=0>\n<TR><TD BGCOLOR="#003366"><IMG SRC="/images/logo.gif" WIDTH=468 HEIGHT=60 ALT="{attr(s.name)}" BORDER=0></TD></TR>\n'
                    f'<TR><TD BGCOLOR="#CCCCCC"><FONT FACE="Verdana, Arial" SIZE=1>{links}</FONT></TD></TR>\n</TABLE>\n')
        items = []
        for n in s.nav:
            sub = s.submenus.get(n)
            cls = f"menu-item menu-item-type-taxonomy menu-item-{ctx.rng.randint(100, 9999)}"
            if sub:
                subl = "".join(f'<li class="menu-item"><a href="https://{s.host}/{slugify(n)}/{slugify(x)}/">{ctx.T(x)}</a></li>' for x in sub)
                items.append(f'<li class="{cls} menu-item-has-children"><a href="https://{s.host}/{slugify(n)}/">{ctx.T(n)}</a>\n<ul class="sub-menu">{subl}</ul></li>\n')
            else:
                items.append(f'<li class="{cls}"><a href="https://{s.host}/{"" if n == s.nav[0] else slugify(n) + "/"}">{ctx.T(n)}</a></li>\n')
        icon = s.icons["menu"]
        return (f'<a class="skip-link screen-reader-text" href="#content">{ctx.T(b["skip"])}</a>\n'
                f'<header id="masthead" class="{s.prefix}header site-header" role="banner">\n<div class="{s.prefix}container">\n'
                f'<div class="site-branding"><p class="site-title"><a href="https://{s.host}/" rel="home">{ctx.T(s.name)}</a></p>\n'
                f'<p class="site-description">{ctx.T(s.tagline)}</p></div>\n'
                f'<nav id="site-navigation" class="main-navigation {s.prefix}nav" aria-label="Primary">\n'
                f'<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="{icon}"/></svg><span>{ctx.T(b["menu"])}</span></button>\n'
                f'<ul id="primary-menu" class="menu nav-menu">\n{"".join(items)}</ul></nav>\n'
                f'<form role="search" method="get" class="search-form" action="https://{s.host}/"><label><span class="screen-reader-text">{ctx.T(b["search_for"])}</span>'
                f'<input type="search" class="search-field" placeholder="{attr(b["search"])} &hellip;" value="" name="s" /></label><button type="submit"><svg viewBox="0 0 24 24"><path d="{s.icons["search"]}"/></svg></button></form>\n'
                '</div>\n</header>\n')

    def breadcrumb(self, ctx, cat, title):
        s, b = ctx.site, ctx.bp
        if s.family == "legacy":
            return f'<FONT SIZE=1><A HREF="/">{ctx.T(b["home"])}</A> &gt; <A HREF="/{slugify(cat)}/">{ctx.T(cat)}</A></FONT><BR>\n'
        sep = ctx.rng.choice((" &raquo; ", " / ", " › ", " > "))
        return (f'<nav class="breadcrumbs {s.prefix}breadcrumb" aria-label="breadcrumb"><span><a href="https://{s.host}/">{ctx.T(b["home"])}</a></span>{sep}'
                f'<span><a href="https://{s.host}/{slugify(cat)}/">{ctx.T(cat)}</a></span>{sep}<span class="breadcrumb_last" aria-current="page">{ctx.T(title)}</span></nav>\n')

    def inline(self, ctx, text, link_p=0.25):
        """Escaped paragraph text with some inline links and emphasis at word boundaries."""
        words = text.split(" ")
        out = [ctx.T(w) for w in words]
        n = len(words)
        rng = ctx.rng
        if n > 6 and rng.random() < link_p:
            for _ in range(rng.randint(1, 2)):
                i = rng.randrange(n - 4)
                j = i + rng.randint(1, 4)
                if any(o.startswith("<") or o.endswith(">") for o in out[i:j]):
                    continue
                href = self.random_href(ctx)
                out[i] = f'<a href="{attr(href)}"' + (' target="_blank" rel="noopener"' if rng.random() < 0.3 else "") + ">" + out[i]
                out[j - 1] = out[j - 1] + "</a>"
        if n > 6 and rng.random() < 0.1:
            i = rng.randrange(n - 3)
            j = i + rng.randint(1, 3)
            if not any(o.startswith("<") or o.endswith(">") for o in out[i:j]):
                tag = rng.choice(("strong", "em", "b", "i"))
                out[i] = f"<{tag}>" + out[i]
                out[j - 1] = out[j - 1] + f"</{tag}>"
        return " ".join(out)

    def random_href(self, ctx):
        rng = ctx.rng
        x = rng.random()
        if x < 0.5:
            others = self.other_docs(ctx.site, rng, 1)
            if others:
                return self.url(others[0])
        if x < 0.8:
            s = rng.choice(self.sites)
            return f"https://{s.host}/{slugify(rng.choice(s.nav))}/"
        return f"https://{rng.choice(('en.wikipedia.org/wiki/', 'twitter.com/', 'www.youtube.com/watch?v=', 'www.reuters.com/world/'))}{rng.getrandbits(36):x}"

    def figure(self, ctx, i):
        s, rng = ctx.site, ctx.rng
        w, h = rng.choice(((1024, 683), (1200, 800), (800, 533), (1600, 900), (640, 427)))
        year = self.texts.date(i).year
        base = f"https://{s.host}/wp-content/uploads/{year}/{rng.randint(1, 12):02d}/{slugify(self.texts.short(rng, 'en', 2, 4), 30)}-{rng.getrandbits(20):x}"
        cap = self.texts.short(rng, s.lang, 6, 14)
        who = f"{rng.choice(RU_FIRST)[0]} {rng.choice(RU_SUR_A)}{rng.choice(('ов', 'ин', 'енко'))}" if s.lang == "ru" else f"{gc.make_name(rng, 2)} {gc.make_name(rng, 2)}"
        credit = f'{ctx.bp["photo"]}: {who}/{rng.choice(("AP", "Reuters", "Getty Images", "AFP", "EPA", "Shutterstock", "ТАСС", "РИА Новости") if s.lang == "ru" else ("AP", "Reuters", "Getty Images", "AFP", "EPA", "Shutterstock"))}'
        if s.family == "legacy":
            return f'<P ALIGN=center><IMG SRC="{base}.jpg" WIDTH={w // 2} HEIGHT={h // 2} ALT="{attr(cap)}" BORDER=0><BR><FONT SIZE=1><I>{ctx.T(cap)}. {ctx.T(credit)}</I></FONT></P>\n'
        srcset = ", ".join(f"{base}-{ww}x{ww * h // w}.jpg {ww}w" for ww in (300, 768, w))
        return (f'<figure class="wp-block-image size-large {s.prefix}figure"><img loading="lazy" decoding="async" width="{w}" height="{h}" src="{base}.jpg" '
                f'alt="{attr(cap)}" class="wp-image-{rng.randint(1000, 99999)}" srcset="{srcset}" sizes="(max-width: {w}px) 100vw, {w}px" />'
                f'<figcaption class="wp-element-caption">{ctx.T(cap)}. <span class="credit">{ctx.T(credit)}</span></figcaption></figure>\n')

    def ad(self, ctx, k):
        s = ctx.site
        slot = f"div-gpt-ad-{ctx.rng.getrandbits(40)}-{k}"
        return (f'<div class="{s.prefix}ad ad-slot ad-slot--inline" data-slot="mid{k}"><span class="ad-label">{ctx.T(ctx.bp["ad"])}</span>'
                f'<div id="{slot}" style="min-height:250px"><script>googletag.cmd.push(function(){{googletag.display("{slot}");}});</script></div></div>\n')

    def article_body(self, ctx, i, text):
        s, rng, b = ctx.site, ctx.rng, ctx.bp
        d = self.docs[i]
        root = i
        while self.docs[root]["kind"] in ("verbatim", "near_duplicate"):
            root = self.docs[root]["parent"]
        lay = random.Random(self.seed * 92821 + root)
        paras = gc.paragraphs(text)
        out = []
        legacy = s.family == "legacy"
        wp = s.family == "wp"
        mag = s.family == "magazine"
        nimg = 0
        for k, par in enumerate(paras):
            x = lay.random()
            hd = lay.random() < 0.2 and k > 1 and s.h2
            heading = self.texts.short(lay, d["lang"], 3, 7) if hd else None
            if heading:
                heading = heading[0].upper() + heading[1:]
                if legacy:
                    out.append(f"<P><B>{ctx.T(heading)}</B>\n")
                elif wp:
                    out.append(f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{ctx.T(heading)}</h2>\n<!-- /wp:heading -->\n')
                else:
                    out.append(f'<h2 class="{s.prefix}subheading">{ctx.T(heading)}</h2>\n')
            sents = gc.sentences_of(par)
            if x < 0.06 and len(sents) >= 3:
                tag = "UL" if legacy else "ul"
                li = "".join(f"<{'LI' if legacy else 'li'}>{self.inline(ctx, st, 0.1)}{'' if legacy else '</li>'}\n" for st in sents)
                out.append(f"<!-- wp:list -->\n<{tag}>\n{li}</{tag}>\n<!-- /wp:list -->\n" if wp else f"<{tag}>\n{li}</{tag}>\n")
            elif x < 0.11:
                q = self.inline(ctx, par, 0.0)
                out.append(f"<BLOCKQUOTE>{q}</BLOCKQUOTE>\n" if legacy else f'<blockquote class="wp-block-quote"><p>{q}</p></blockquote>\n')
            else:
                body = self.inline(ctx, par)
                if legacy:
                    out.append(f"<P>{body}\n")
                elif wp:
                    out.append(f"<!-- wp:paragraph -->\n<p>{body}</p>\n<!-- /wp:paragraph -->\n")
                elif mag:
                    eid = "%07x" % rng.getrandbits(28)
                    out.append(f'<div class="elementor-element elementor-element-{eid} elementor-widget elementor-widget-text-editor" data-id="{eid}" data-element_type="widget" '
                               f'data-widget_type="text-editor.default">\n<div class="elementor-widget-container">\n<p>{body}</p>\n</div>\n</div>\n')
                else:
                    out.append(f'<p class="{s.prefix}paragraph css-{rng.getrandbits(24):06x}" data-testid="paragraph-{k}">{body}</p>\n')
            if nimg < 3 and rng.random() < 0.12 and k < len(paras) - 1:
                out.append(self.figure(ctx, i))
                nimg += 1
            if s.family == "news" and k in (2, 7, 12):
                out.append(self.ad(ctx, k))
            if s.family in ("news", "magazine") and k in (3, 9) and rng.random() < 0.6:
                others = self.other_docs(s, rng, 1, i)
                if others:
                    j = others[0]
                    lab = b["read_more"] if rng.random() < 0.5 else b["also_read"]
                    out.append(f'<p class="read-more"><strong>{ctx.T(lab)}</strong> <a href="{attr(self.url(j))}">{ctx.T(self.texts.title(j))}</a></p>\n')
            if s.family == "news" and k == 5 and rng.random() < 0.2:
                out.append(f'<div class="embed-youtube"><iframe width="560" height="315" src="https://www.youtube.com/embed/{rng.getrandbits(60):x}" title="YouTube video player" frameborder="0" allowfullscreen></iframe></div>\n')
        if d["kind"] == "near_duplicate" and rng.random() < 0.4:
            ps = self.docs[d["parent"]]["site"]
            out.append(f'<p class="syndication"><em>{ctx.T(b["originally"])} <a href="https://{ps.host}/">{ctx.T(ps.name)}</a>.</em></p>\n')
        if rng.random() < 0.5:
            out.append(("<P><I>" if legacy else "<p><em>") + ctx.T(s.support) + ("</I>\n" if legacy else "</em></p>\n"))
        if s.family in ("news", "magazine") and rng.random() < 0.5:
            out.append(f"<p>{ctx.T(b['follow'])}</p>\n")
        return "".join(out)

    def share_bar(self, ctx):
        s, b = ctx.site, ctx.bp
        if s.family == "legacy":
            return f'<P><A HREF="javascript:window.print()">Print</A> | <A HREF="mailto:?subject={attr(ctx.url)}">E-mail</A></P>\n'
        items = "".join(f'<li class="share-{n}"><a rel="nofollow noopener noreferrer" class="share-{n} sd-button share-icon" href="{attr(ctx.url)}?share={n}&amp;nb=1" target="_blank" title="Click to share on {n.capitalize()}">'
                        f'<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="{s.icons[n]}"/></svg><span>{n.capitalize()}</span></a></li>'
                        for n in ("facebook", "twitter", "whatsapp", "linkedin", "email", "print"))
        return f'<div class="sharedaddy sd-sharing-enabled {s.prefix}share"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">{ctx.T(b["share"])}</h3><div class="sd-content"><ul>{items}</ul></div></div></div>\n'

    def link_list(self, ctx, title, ids, cls, with_date=False):
        s = ctx.site
        if not ids:
            return ""
        if s.family == "legacy":
            li = "".join(f'<A HREF="{attr(self.url(j))}">{ctx.T(self.texts.title(j))}</A><BR>\n' for j in ids)
            return f"<P><B>{ctx.T(title)}</B><BR>\n{li}</P>\n"
        li = "".join(f'<li><a href="{attr(self.url(j))}">{ctx.T(self.texts.title(j))}</a>'
                     + (f' <span class="post-date">{ctx.T(human_date(self.texts.date(j), s.lang))}</span>' if with_date else "") + "</li>\n" for j in ids)
        return f'<section class="widget {cls}"><h2 class="widget-title">{ctx.T(title)}</h2><ul>\n{li}</ul></section>\n'

    def comments(self, ctx, i, title):
        s, b, rng = ctx.site, ctx.bp, ctx.rng
        if s.family == "legacy":
            return (f'<P><B>{ctx.T(b["leave"])}</B><FORM METHOD=POST ACTION="/cgi-bin/comment.pl"><INPUT TYPE=hidden NAME=id VALUE="{i}">'
                    f'{ctx.T(b["name"])}: <INPUT NAME=name SIZE=30><BR>{ctx.T(b["comment"])}:<BR><TEXTAREA NAME=text ROWS=6 COLS=50></TEXTAREA><BR><INPUT TYPE=submit VALUE="{attr(b["post_comment"])}"></FORM>\n')
        if not s.comments:
            if rng.random() < 0.5:
                return (f'<div id="disqus_thread"></div><script>var disqus_config=function(){{this.page.url="{ctx.url}";this.page.identifier="{i}";}};'
                        f'(function(){{var d=document,s=d.createElement("script");s.src="https://{s.host.split(".")[-2]}.disqus.com/embed.js";s.setAttribute("data-timestamp",+new Date());(d.head||d.body).appendChild(s);}})();</script>'
                        f'<noscript>{ctx.T(b["disqus"])}</noscript>\n')
            return f'<p class="no-comments">{ctx.T(b["closed"])}</p>\n'
        out = ['<div id="comments" class="comments-area">\n']
        nc = rng.choice((0, 0, 0, 1, 2, 3, 5, 8))
        if nc:
            out.append(f'<h2 class="comments-title">{nc} {ctx.T(b["thoughts"])} &ldquo;<span>{ctx.T(title)}</span>&rdquo;</h2>\n<ol class="comment-list">\n')
            for c in range(nc):
                who = gc.make_name(rng, 2) if s.lang == "en" else rng.choice(RU_FIRST)[0]
                txt = " ".join(self.texts.sentence(rng, s.lang) for _ in range(rng.randint(1, 3)))
                cd = self.texts.date(i) + datetime.timedelta(days=rng.randint(0, 30))
                cid = rng.randint(1000, 999999)
                out.append(f'<li id="comment-{cid}" class="comment even thread-even depth-1"><article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta">'
                           f'<div class="comment-author vcard"><img alt="" src="https://secure.gravatar.com/avatar/{rng.getrandbits(128):032x}?s=42&#038;d=mm&#038;r=g" class="avatar avatar-42 photo" height="42" width="42" loading="lazy" />'
                           f'<b class="fn">{ctx.T(who)}</b> <span class="says">{ctx.T(b["says"])}</span></div><div class="comment-metadata"><a href="{attr(ctx.url)}#comment-{cid}"><time datetime="{cd.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00">{ctx.T(human_date(cd, s.lang))}</time></a></div></footer>'
                           f'<div class="comment-content"><p>{ctx.T(txt)}</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-{cid}">{ctx.T(b["reply"])}</a></div></article></li>\n')
            out.append("</ol>\n")
        out.append(f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">{ctx.T(b["leave"])} <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">{ctx.T(b["cancel"])}</a></small></h3>'
                   f'<form action="https://{s.host}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
                   f'<p class="comment-notes"><span id="email-notes">{ctx.T(b["notes"])}</span> <span class="required-field-message">{ctx.T(b["required"])} <span class="required">*</span></span></p>'
                   f'<p class="comment-form-comment"><label for="comment">{ctx.T(b["comment"])} <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>'
                   f'<p class="comment-form-author"><label for="author">{ctx.T(b["name"])} <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>'
                   f'<p class="comment-form-email"><label for="email">{ctx.T(b["email"])} <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>'
                   f'<p class="comment-form-url"><label for="url">{ctx.T(b["website"])}</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url" /></p>'
                   f'<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">{ctx.T(b["cookies_consent"])}</label></p>'
                   f'<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="{attr(b["post_comment"])}" /> <input type=\'hidden\' name=\'comment_post_ID\' value=\'{i}\' id=\'comment_post_ID\' /></p></form></div>\n')
        if rng.random() < 0.6:
            out.append(f'<p class="akismet_comment_form_privacy_notice">{ctx.T(b["akismet"])} <a href="https://akismet.com/privacy/" target="_blank" rel="nofollow noopener">{ctx.T(b["akismet_link"])}</a>.</p>\n')
        out.append("</div>\n")
        return "".join(out)

    def newsletter(self, ctx):
        s, b = ctx.site, ctx.bp
        if not s.newsletter or s.family == "legacy":
            return ""
        return (f'<div class="{s.prefix}newsletter newsletter-box"><h3>{ctx.T(b["nl_title"])}</h3><p>{ctx.T(b["nl_text"])}</p>'
                f'<form action="https://{s.host.split(".")[-2]}.us{ctx.rng.randint(1, 20)}.list-manage.com/subscribe/post" method="post"><input type="email" name="EMAIL" placeholder="{attr(b["nl_placeholder"])}" required>'
                f'<button type="submit">{ctx.T(b["nl_button"])}</button></form><p class="legal">{ctx.T(b["nl_legal"])}</p></div>\n')

    def footer(self, ctx):
        s, b = ctx.site, ctx.bp
        year = 2024
        if s.family == "legacy":
            links = " | ".join(f'<A HREF="/{slugify(x)}.html">{ctx.T(x)}</A>' for x in s.footer_links)
            return (f'<CENTER><FONT SIZE=1>{links}<BR>Copyright &copy; {s.founded}-{year} {ctx.T(s.name)}. {ctx.T(b["rights"])}<BR>'
                    f'Webmaster: <A HREF="mailto:webmaster@{s.host.replace("www.", "")}">webmaster@{s.host.replace("www.", "")}</A></FONT></CENTER>\n')
        links = "".join(f'<li><a href="https://{s.host}/{slugify(x)}/">{ctx.T(x)}</a></li>' for x in s.footer_links)
        cols = "".join(f'<div class="footer-col"><h4>{ctx.T(n)}</h4></div>' for n in s.nav[1:5])
        social = "".join(f'<a href="https://www.{n}.com/{slugify(s.name)}" aria-label="{n}"><svg viewBox="0 0 24 24"><path d="{s.icons[n]}"/></svg></a>' for n in ("facebook", "twitter", "linkedin"))
        wp = f'<div class="site-info"><a href="https://wordpress.org/">{ctx.T(b["powered"])}</a></div>' if s.family == "wp" and ctx.rng.random() < 0.7 else ""
        return (f'<footer id="colophon" class="site-footer {s.prefix}footer" role="contentinfo">\n<div class="footer-widgets">{cols}</div>\n<ul class="footer-menu">{links}</ul>\n'
                f'<div class="social-links">{social}</div>\n<p class="copyright">&copy; {year} {ctx.T(s.name)}. {ctx.T(b["rights"])}</p>{wp}\n</footer>\n')

    def cookie_banner(self, ctx):
        s, b = ctx.site, ctx.bp
        if not s.cookie or s.family == "legacy":
            return ""
        return (f'<div id="cookie-notice" role="dialog" class="cookie-revoke-hidden cn-position-bottom" aria-label="Cookie Notice" style="background-color: rgba(50,50,58,1);">'
                f'<div class="cookie-notice-container"><span id="cn-notice-text" class="cn-text-container">{ctx.T(b["cookie"])}</span>'
                f'<span id="cn-notice-buttons" class="cn-buttons-container"><a href="#" id="cn-accept-cookie" data-cookie-set="accept" class="cn-set-cookie cn-button" aria-label="{attr(b["accept"])}">{ctx.T(b["accept"])}</a>'
                f'<a href="#" class="cn-more-info cn-button">{ctx.T(b["manage"])}</a></span></div></div>\n')

    def padding_script(self, ctx, nbytes, title):
        s, rng = ctx.site, ctx.rng
        if nbytes <= 0:
            return ""
        words = ctx.words
        if s.family == "legacy":
            out = ["<SCRIPT LANGUAGE=\"JavaScript\">\n<!--\nvar menu = new Array();\n"]
            size, k = 0, 0
            while size < nbytes:
                line = f'menu[{k}] = new Array("{rng.choice(words)} {rng.choice(words)}", "/{rng.choice(words)}/{rng.randint(1, 9999)}.htm", "_self", {rng.randint(80, 200)}, {rng.randint(16, 24)}, "#{rng.getrandbits(24):06X}", "#{rng.getrandbits(24):06X}");\n'
                out.append(line)
                size += len(line)
                k += 1
            out.append("//-->\n</SCRIPT>\n")
            return "".join(out)
        items = []
        size = 0
        k = 0
        ad_base = rng.getrandbits(40)
        net = rng.randint(1000000, 99999999)
        while size < nbytes:
            x = rng.random()
            if x < 0.45:
                item = {"id": f"div-gpt-ad-{ad_base}-{k}", "path": f"/{net}/{s.host}/article/{rng.choice(words)}",
                        "sizes": rng.sample(([300, 250], [728, 90], [336, 280], [970, 250], [320, 50], [300, 600]), 3),
                        "targeting": {"pos": f"mid{k}", "kw": rng.sample(words, 4), "ab": rng.choice("abcd")}, "lazy": True, "refresh": rng.choice((0, 30, 60))}
            elif x < 0.75:
                item = {"event": rng.choice(("scroll_depth", "view", "click", "engaged_time", "share")), "category": rng.choice(words),
                        "label": f"{rng.choice(words)}-{rng.choice(words)}", "value": rng.randint(0, 100), "nonInteraction": rng.random() < 0.5}
            else:
                item = {"flag": f"{rng.choice(words)}_{rng.choice(words)}_{rng.randint(1, 99)}", "enabled": rng.random() < 0.5,
                        "variant": rng.choice(("control", "a", "b", "treatment")), "weight": rng.choice((0.1, 0.25, 0.5, 1))}
            js = script_json(item)
            items.append(js)
            size += len(js) + 1
            k += 1
        var = rng.choice(("window.__APP_STATE__", "window.__PRELOADED_STATE__", "var td_config", "window.dataLayerConfig", "var wpAdConfig"))
        return f'<script id="{s.prefix}state" type="text/javascript">{var} = {{"page":{{"type":"article","title":{script_json(title)}}},"items":[{",".join(items)}]}};</script>\n'

    # ---- pages
    def article_page(self, i, target, crawl_rng):
        d = self.docs[i]
        s = d["site"]
        ctx = PageCtx()
        ctx.site, ctx.bp, ctx.rng, ctx.url = s, BP[s.lang], crawl_rng, self.url(i)
        table = ENTITY_NUMERIC if s.entities == "numeric" else ENTITY_NAMED if s.entities == "named" else None
        ctx.T = (lambda t: esc(t).translate(table)) if table else esc
        ctx.words = self.texts.model.common[:800] if s.lang == "en" else RuModelStub.common
        text = self.texts.text(i)
        title = self.texts.title(i)
        if s.title_case:
            title = title_case(title)
        rng = crawl_rng
        date = self.texts.date(i)
        author = self.texts.author(i)
        cat = rng.choice(s.categories)
        flat = " ".join(gc.paragraphs(text))
        desc = flat[:rng.randint(140, 170)].rsplit(" ", 1)[0] + "…"
        jsonld = None
        if s.family != "legacy":
            jsonld = {"@context": "https://schema.org", "@type": rng.choice(("NewsArticle", "Article", "BlogPosting")),
                      "headline": title, "datePublished": f"{date.isoformat()}T{rng.randint(5, 22):02d}:{rng.randint(0, 59):02d}:00+00:00",
                      "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": s.name,
                                                                                "logo": {"@type": "ImageObject", "url": f"https://{s.host}/logo.png"}},
                      "mainEntityOfPage": ctx.url, "articleSection": cat, "wordCount": len(flat.split())}
        p = [self.head(ctx, title, desc, jsonld)]
        b = ctx.bp
        related = self.other_docs(s, rng, rng.randint(3, 6), i)
        popular = self.other_docs(s, rng, rng.randint(5, 10), i)
        recent = self.other_docs(s, rng, 5, i)
        body = self.article_body(ctx, i, text)
        if s.family == "legacy":
            p.append('<BODY BGCOLOR="#FFFFFF" TEXT="#000000" LINK="#0000CC" VLINK="#551A8B" LEFTMARGIN=0 TOPMARGIN=0 MARGINWIDTH=0 MARGINHEIGHT=0>\n')
            p.append(self.nav(ctx))
            p.append('<TABLE WIDTH="100%" BORDER=0 CELLPADDING=6 CELLSPACING=0>\n<TR><TD WIDTH=170 VALIGN=top BGCOLOR="#EEEEEE"><FONT FACE="Verdana, Arial" SIZE=2>\n')
            p.append(self.link_list(ctx, b["recent"], recent, ""))
            p.append(self.link_list(ctx, b["popular"], popular, ""))
            p.append('</FONT></TD>\n<TD VALIGN=top><FONT FACE="Georgia, Times New Roman" SIZE=3>\n')
            p.append(self.breadcrumb(ctx, cat, title))
            if s.url_style % 2:
                p.append(f"<H1>{ctx.T(title)}</H1>\n")
            else:
                p.append(f"<FONT SIZE=5><B>{ctx.T(title)}</B></FONT><BR>\n")
            p.append(f"<FONT SIZE=1>{ctx.T(b['by'])} {ctx.T(author)}, {ctx.T(human_date(date, s.lang))}</FONT>\n")
            p.append(body)
            p.append(self.share_bar(ctx))
            p.append(self.comments(ctx, i, title))
            p.append("</FONT></TD></TR></TABLE>\n")
            p.append(self.footer(ctx))
            tail_js = ""
        else:
            p.append(f'<body class="post-template-default single single-post postid-{i} single-format-standard {s.prefix}body">\n')
            p.append(f'<noscript><iframe src="https://www.googletagmanager.com/ns.html?id={s.gtm}" height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>\n')
            p.append(f'<div id="page" class="site {s.prefix}wrapper">\n')
            p.append(self.nav(ctx))
            p.append(f'<div id="content" class="site-content {s.prefix}container">\n')
            p.append(self.breadcrumb(ctx, cat, title))
            p.append(f'<div id="primary" class="content-area"><main id="main" class="site-main">\n<article id="post-{i}" class="post-{i} post type-post status-publish format-standard has-post-thumbnail hentry category-{slugify(cat)}">\n')
            mins = max(1, len(flat.split()) // 230)
            p.append(f'<header class="entry-header"><span class="cat-links"><a href="https://{s.host}/{slugify(cat)}/" rel="category tag">{ctx.T(cat)}</a></span>'
                     f'<h1 class="entry-title">{ctx.T(title)}</h1>\n<div class="entry-meta"><span class="posted-on">{ctx.T(b["posted_on"])} '
                     f'<a href="{attr(ctx.url)}" rel="bookmark"><time class="entry-date published" datetime="{date.isoformat()}T08:00:00+00:00">{ctx.T(human_date(date, s.lang))}</time></a></span> '
                     f'<span class="byline">{ctx.T(b["by"])} <span class="author vcard"><a class="url fn n" href="https://{s.host}/author/{slugify(author)}/">{ctx.T(author)}</a></span></span>'
                     f' <span class="reading-time">{mins} {ctx.T(b["min_read"])}</span></div></header>\n')
            if rng.random() < 0.6:
                p.append(self.figure(ctx, i))
            p.append(f'<div class="entry-content {s.prefix}content">\n{body}</div>\n')
            tags = rng.sample(ctx.words, 4)
            p.append(f'<footer class="entry-footer"><span class="cat-links">{ctx.T(b["posted_in"])} <a href="https://{s.host}/{slugify(cat)}/" rel="category tag">{ctx.T(cat)}</a></span>'
                     f'<span class="tags-links">{ctx.T(b["tagged"])} ' + ", ".join(f'<a href="https://{s.host}/tag/{slugify(t)}/" rel="tag">{ctx.T(t)}</a>' for t in tags) + "</span></footer>\n</article>\n")
            p.append(self.share_bar(ctx))
            if s.family == "wp":
                p.append(f'<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper"><h3 class="sd-title">{ctx.T(b["like"])}</h3><div class="likes-widget-placeholder post-likes-widget-placeholder"><span class="loading">{ctx.T(b["like_loading"])}</span></div></div>\n')
            if related:
                li = "".join(f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="{attr(self.url(j))}">{ctx.T(self.texts.title(j))}</a></h4>'
                             f'<p class="jp-relatedposts-post-date">{ctx.T(human_date(self.texts.date(j), s.lang))}</p><p class="jp-relatedposts-post-context">In &quot;{ctx.T(self.docs[j]["site"].categories[j % len(self.docs[j]["site"].categories)])}&quot;</p></div>'
                             for j in related)
                p.append(f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>{ctx.T(b["related"])}</em></h3><div class="jp-relatedposts-items">{li}</div></div>\n')
            if len(recent) >= 2:
                p.append(f'<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">{ctx.T(b["post_nav"])}</h2><div class="nav-links">'
                         f'<div class="nav-previous"><a href="{attr(self.url(recent[0]))}" rel="prev"><span class="meta-nav">{ctx.T(b["prev"])}</span> <span class="post-title">{ctx.T(self.texts.title(recent[0]))}</span></a></div>'
                         f'<div class="nav-next"><a href="{attr(self.url(recent[1]))}" rel="next"><span class="meta-nav">{ctx.T(b["next"])}</span> <span class="post-title">{ctx.T(self.texts.title(recent[1]))}</span></a></div></div></nav>\n')
            p.append(self.comments(ctx, i, title))
            p.append("</main></div>\n")
            p.append(f'<aside id="secondary" class="widget-area {s.prefix}sidebar" role="complementary">\n')
            p.append(f'<section class="widget widget_search"><form role="search" method="get" action="https://{s.host}/"><label><span class="screen-reader-text">{ctx.T(b["search_for"])}</span><input type="search" name="s" placeholder="{attr(b["search"])} &hellip;"></label><input type="submit" value="{attr(b["search"])}"></form></section>\n')
            p.append(self.link_list(ctx, b["recent"] if s.family == "wp" else b["trending"], recent, "widget_recent_entries", with_date=s.family == "wp"))
            p.append(self.link_list(ctx, b["popular"], popular, "widget_popular"))
            if s.family == "wp":
                p.append(f'<section class="widget widget_archive"><h2 class="widget-title">{ctx.T(b["archives"])}</h2><ul>'
                         + "".join(f'<li><a href="https://{s.host}/{2024 - m // 12}/{12 - m % 12:02d}/">{ctx.T((RU_MONTHS if s.lang == "ru" else gc.MONTHS)[11 - m % 12])} {2024 - m // 12}</a></li>' for m in range(rng.randint(6, 24)))
                         + "</ul></section>\n")
                p.append(f'<section class="widget widget_categories"><h2 class="widget-title">{ctx.T(b["categories"])}</h2><ul>'
                         + "".join(f'<li class="cat-item"><a href="https://{s.host}/{slugify(c)}/">{ctx.T(c)}</a></li>' for c in s.categories) + "</ul></section>\n")
                p.append(f'<section class="widget widget_meta"><h2 class="widget-title">{ctx.T(b["meta"])}</h2><ul>'
                         + "".join(f'<li><a href="https://{s.host}/{slugify(x)}/">{ctx.T(x)}</a></li>' for x in b["meta_links"]) + "</ul></section>\n")
            p.append(self.newsletter(ctx))
            p.append("</aside>\n</div>\n")
            p.append(self.footer(ctx))
            p.append("</div>\n")
            p.append(self.cookie_banner(ctx))
            tail_js = f"<script id=\"{s.prefix}main-js\">{s.js}</script>\n"
            if s.next_data:
                nd = {"props": {"pageProps": {"article": {"id": i, "headline": title, "byline": author, "published": date.isoformat(),
                                                          "section": cat, "body": [{"type": "paragraph", "text": t} for t in gc.paragraphs(text)]}}},
                      "page": "/[section]/[slug]", "buildId": f"{rng.getrandbits(64):x}", "isFallback": False}
                tail_js += f'<script id="__NEXT_DATA__" type="application/json">{script_json(nd)}</script>\n'
        p.append(tail_js)
        closing = "</BODY>\n</HTML>\n" if s.family == "legacy" else "</body>\n</html>\n"
        page = "".join(p)
        need = target - len(page.encode(s.encoding, "xmlcharrefreplace")) - len(closing)
        page += self.padding_script(ctx, need - 120, title) + closing
        return page

    def not_found_page(self, site, url, target, rng):
        ctx = PageCtx()
        ctx.site, ctx.bp, ctx.rng, ctx.url = site, BP[site.lang], rng, url
        ctx.T = esc
        ctx.words = self.texts.model.common[:800] if site.lang == "en" else RuModelStub.common
        b = ctx.bp
        title = b["nf_title"]
        p = [self.head(ctx, title, None, None)]
        recent = self.other_docs(site, rng, 5)
        if site.family == "legacy":
            p.append('<BODY BGCOLOR="#FFFFFF">\n' + self.nav(ctx) + f"<H1>{esc(title)}</H1>\n<P>{esc(b['nf_text'])}\n" + self.link_list(ctx, b["recent"], recent, "") + self.footer(ctx))
            closing = "</BODY>\n</HTML>\n"
        else:
            p.append(f'<body class="error404 {site.prefix}body">\n<div id="page" class="site">\n' + self.nav(ctx)
                     + f'<main id="main" class="site-main"><section class="error-404 not-found"><header class="page-header"><h1 class="page-title">{esc(title)}</h1></header>'
                     + f'<div class="page-content"><p>{esc(b["nf_text"])}</p></div></section></main>\n'
                     + '<aside class="widget-area">' + self.link_list(ctx, b["recent"], recent, "widget_recent_entries") + "</aside>\n"
                     + self.footer(ctx) + "</div>\n" + f"<script>{site.js}</script>\n")
            closing = "</body>\n</html>\n"
        page = "".join(p)
        need = target - len(page.encode(site.encoding, "xmlcharrefreplace")) - len(closing)
        return page + self.padding_script(ctx, need - 120, title) + closing


REDIRECT_BODIES = (
    "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>301 Moved Permanently</title>\n</head><body>\n<h1>Moved Permanently</h1>\n<p>The document has moved <a href="{loc}">here</a>.</p>\n</body></html>\n',
    "",
)


# ---------------------------------------------------------------------------------------------
# WARC writing


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def http_date(dt):
    return dt.strftime("%a, %d %b %Y %H:%M:%S GMT")


def gzip_bytes(data, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def chunk(body, rng):
    out = []
    pos = 0
    while pos < len(body):
        n = min(len(body) - pos, rng.randint(2048, 16384))
        out.append(b"%x\r\n" % n + body[pos:pos + n] + b"\r\n")
        pos += n
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def jpeg_bytes(rng, n):
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00H\x00H\x00\x00\xff\xdb\x00C\x00" + bytes(rng.randint(1, 40) for _ in range(64))
    head += b"\xff\xc0\x00\x11\x08" + rng.randint(300, 2000).to_bytes(2, "big") + rng.randint(300, 2000).to_bytes(2, "big") + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    head += b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
    return head + rng.randbytes(max(0, n - len(head) - 2)) + b"\xff\xd9"


def pdf_bytes(rng, n):
    parts = [b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"]
    size = len(parts[0])
    k = 4
    while size < n - 200:
        m = min(n - 200 - size, rng.randint(4000, 60000))
        obj = b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (k, m) + rng.randbytes(m) + b"\nendstream\nendobj\n"
        parts.append(obj)
        size += len(obj)
        k += 1
    parts.append(b"xref\n0 %d\n0000000000 65535 f \ntrailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (k, k, size))
    return b"".join(parts)


class WarcWriter:
    def __init__(self, f, seed):
        self.f = f
        self.rng = random.Random(seed * 6700417 + 5)
        self.raw_bytes = 0
        self.gz_bytes = 0
        self.types = collections.Counter()

    def new_id(self):
        return "urn:uuid:" + str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def write(self, headers, block):
        head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + f"Content-Length: {len(block)}\r\n\r\n"
        rec = head.encode("utf-8") + block + b"\r\n\r\n"
        gz = gzip_bytes(rec)
        self.f.write(gz)
        self.raw_bytes += len(rec)
        self.gz_bytes += len(gz)
        self.types[dict(headers)["WARC-Type"]] += 1


# ---------------------------------------------------------------------------------------------


def generate(args):
    global gc
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True      # no bench/__pycache__ in the work tree
    import gen_corpus as gc_mod
    gc = gc_mod
    t0 = time.time()
    paths = []
    for p in args.train:
        paths += glob.glob(os.path.join(p, "*.txt")) if os.path.isdir(p) else glob.glob(p)
    paths = sorted(set(paths))
    if not paths:
        sys.exit(f"gen_warc: no training files in {args.train}")
    model = gc.Model(paths, args.seed)
    thes = gc.Thesaurus(args.thesaurus, model.lower_vocab)
    sites = make_sites(args.seed, args.sites)

    target = args.mb * 1e6
    n = max(8, int(target / 80e3))
    for _ in range(4):
        docs, slots, sizes = make_plan(n, args.seed, sites)
        est = sum(sizes.values())
        n = max(8, int(round(n * target / est)))
    docs, slots, sizes = make_plan(n, args.seed, sites)
    texts = Texts(model, thes, docs, args.seed)
    rend = Renderer(texts, sites, docs, args.seed)

    tmp = args.out + ".part"
    stats = collections.Counter()
    resp = collections.Counter()
    charsets = collections.Counter()
    resp_id = {}
    html_bytes = 0
    text_bytes = 0
    crawl = CRAWL_START + datetime.timedelta(seconds=random.Random(args.seed).randint(0, 86400))
    with open(tmp, "wb") as f:
        w = WarcWriter(f, args.seed)
        info_id = w.new_id()
        fname = os.path.basename(args.out)
        info = (f"isPartOf: TEXTRACE-BENCH-SYNTHETIC\r\npublisher: textrace bench (synthetic crawl, bench/gen_warc.py)\r\n"
                f"description: Synthetic web crawl with planted text reuse, seed {args.seed}, {args.mb:g} MB of HTML\r\n"
                f"operator: textrace benchmark\r\nhostname: gen-warc\r\nsoftware: bench/gen_warc.py\r\n"
                f"robots: checked via crawler-commons\r\nformat: WARC File Format 1.0\r\n"
                f"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n").encode()
        w.write([("WARC-Type", "warcinfo"), ("WARC-Date", crawl.strftime("%Y-%m-%dT%H:%M:%SZ")), ("WARC-Filename", fname),
                 ("WARC-Record-ID", f"<{info_id}>"), ("Content-Type", "application/warc-fields")], info)
        last = time.time()
        for pos, slot in enumerate(slots):
            rng = random.Random(args.seed * 2147483647 + pos * 7 + 1)
            crawl += datetime.timedelta(seconds=rng.randint(0, 4), microseconds=0)
            kind = slot[0]
            site = docs[slot[1]]["site"] if kind == "article" else slot[1]
            status, reason, ctype, body, location = 200, "OK", None, None, None
            is_html = False
            if kind == "article":
                i = slot[1]
                url = rend.url(i)
                page = rend.article_page(i, sizes[pos], rng)
                body = page.encode(site.encoding, "xmlcharrefreplace")
                is_html = True
                text_bytes += len(texts.text(i).encode("utf-8"))
            elif kind == "404":
                url = f"https://{site.host}/{slugify(texts.short(rng, 'en', 2, 5))}/"
                page = rend.not_found_page(site, url, sizes[pos], rng)
                body = page.encode(site.encoding, "xmlcharrefreplace")
                status, reason, is_html = 404, "Not Found", True
            elif kind == "redirect":
                pool = rend.site_docs.get(site.k)
                dest = rend.url(rng.choice(pool)) if pool else f"https://{site.host}/"
                if rng.random() < 0.5:
                    url = "http://" + dest.split("://", 1)[1]
                else:
                    url = f"https://{site.host}/?p={rng.randint(100, 99999)}"
                location = dest
                body = rng.choice(REDIRECT_BODIES).replace("{loc}", dest).encode("ascii", "xmlcharrefreplace")
                status, reason = 301, "Moved Permanently"
                ctype = "text/html" if body else None
                is_html = bool(body)
            elif kind == "jpeg":
                n_img = int(min(600e3, max(6e3, rng.lognormvariate(10.4, 0.8))))
                body = jpeg_bytes(rng, n_img)
                ctype = "image/jpeg"
                url = f"https://{site.host}/wp-content/uploads/{rng.randint(2016, 2024)}/{rng.randint(1, 12):02d}/{slugify(texts.short(rng, 'en', 2, 4), 40)}-{rng.choice((300, 768, 1024))}x{rng.choice((200, 512, 683))}.jpg"
            else:
                n_pdf = int(min(1.6e6, max(20e3, rng.lognormvariate(11.4, 1.0))))
                body = pdf_bytes(rng, n_pdf)
                ctype = "application/pdf"
                url = f"https://{site.host}/files/{slugify(texts.short(rng, 'en', 2, 5), 50)}.pdf"
            if is_html:
                html_bytes += len(body)
                if site.bom and kind != "redirect":
                    body = b"\xef\xbb\xbf" + body
                if kind != "redirect":
                    ctype = "text/html" + (f"; charset={site.label}" if site.header else "")
                    charsets[(site.encoding, site.declare, site.label)] += 1
            stats[kind] += 1
            resp[(ctype.split(";")[0] if ctype else "-", status)] += 1

            # the stored HTTP message
            payload = body
            hdrs = [f"HTTP/1.1 {status} {reason}", f"Date: {http_date(crawl)}", f"Server: {site.server}"]
            if ctype:
                hdrs.append(f"Content-Type: {ctype}")
            enc_note = None
            truncated = None
            x = rng.random()
            if is_html and kind != "redirect":
                if x < site.gzip_share:
                    payload = gzip_bytes(body)
                    hdrs.append("Content-Encoding: gzip")
                    enc_note = "gzip"
                elif x < site.gzip_share + site.xcrawler_share:
                    hdrs.append("X-Crawler-Content-Encoding: gzip")
                    hdrs.append(f"X-Crawler-Content-Length: {len(gzip_bytes(body, 1))}")
                    enc_note = "x-crawler"
            chunked = is_html and kind != "redirect" and rng.random() < site.chunked_share
            if len(payload) > 1048576:
                payload = payload[:1048576]
                truncated = "length"
            if chunked:
                hdrs.append("Transfer-Encoding: chunked")
                payload = chunk(payload, rng)
                stats["chunked"] += 1
            else:
                hdrs.append(f"Content-Length: {len(body) if truncated else len(payload)}")
            if enc_note:
                stats["enc_" + enc_note] += 1
            if truncated:
                stats["truncated"] += 1
            if location:
                hdrs.append(f"Location: {location}")
            if is_html:
                hdrs.append("Vary: Accept-Encoding")
                if site.php:
                    hdrs.append(f"X-Powered-By: PHP/{rng.choice(('7.4.33', '8.1.2', '8.2.7', '5.6.40'))}")
                if site.family == "wp":
                    hdrs.append(f'Link: <https://{site.host}/wp-json/>; rel="https://api.w.org/"')
                if rng.random() < 0.4:
                    hdrs.append(f"Set-Cookie: {rng.choice(('PHPSESSID', '__cf_bm', 'session', 'visitor_id'))}={rng.getrandbits(96):024x}; path=/; HttpOnly")
                hdrs.append(f"Cache-Control: {rng.choice(('max-age=600', 'no-cache', 'public, max-age=300', 'private, max-age=0'))}")
            else:
                hdrs.append(f"Last-Modified: {http_date(crawl - datetime.timedelta(days=rng.randint(1, 900)))}")
                hdrs.append(f'ETag: "{rng.getrandbits(64):x}"')
                hdrs.append("Accept-Ranges: bytes")
            hdrs.append("Connection: close")
            http = ("\r\n".join(hdrs) + "\r\n\r\n").encode("ascii") + payload

            date_s = crawl.strftime("%Y-%m-%dT%H:%M:%SZ")
            host = url.split("/")[2]
            path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
            req = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
                   f"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                   f"Accept-Language: {'ru-RU,ru;q=0.9,en;q=0.5' if site.lang == 'ru' else 'en-US,en;q=0.5'}\r\n"
                   f"Accept-Encoding: br,gzip\r\nConnection: Keep-Alive\r\n\r\n").encode("ascii")
            req_id, rsp_id, meta_id = w.new_id(), w.new_id(), w.new_id()
            w.write([("WARC-Type", "request"), ("WARC-Date", date_s), ("WARC-Record-ID", f"<{req_id}>"),
                     ("Content-Type", "application/http; msgtype=request"), ("WARC-Warcinfo-ID", f"<{info_id}>"),
                     ("WARC-IP-Address", site.ip), ("WARC-Target-URI", url)], req)
            rh = [("WARC-Type", "response"), ("WARC-Date", date_s), ("WARC-Record-ID", f"<{rsp_id}>"),
                  ("Content-Type", "application/http; msgtype=response"), ("WARC-Warcinfo-ID", f"<{info_id}>"),
                  ("WARC-Concurrent-To", f"<{req_id}>"), ("WARC-IP-Address", site.ip), ("WARC-Target-URI", url)]
            if truncated:
                rh.append(("WARC-Truncated", truncated))
            rh += [("WARC-Payload-Digest", sha1_b32(payload)), ("WARC-Block-Digest", sha1_b32(http))]
            if ctype:
                rh.append(("WARC-Identified-Payload-Type", ctype.split(";")[0]))
            w.write(rh, http)
            meta = f"fetchTimeMs: {rng.randint(40, 2500)}\r\n"
            if is_html and kind != "redirect":
                meta += f"charset-detected: {site.encoding.upper()}\r\n"
                lg = ("ru", "rus", "RUSSIAN") if site.lang == "ru" else ("en", "eng", "ENGLISH")
                meta += ('languages-cld2: {"reliable":true,"text-bytes":%d,"languages":[{"code":"%s","code-iso-639-3":"%s","text-covered":0.%02d,"score":%d.0,"name":"%s"}]}\r\n'
                         % (len(body) // 12, lg[0], lg[1], rng.randint(90, 99), rng.randint(800, 1000), lg[2]))
            w.write([("WARC-Type", "metadata"), ("WARC-Date", date_s), ("WARC-Record-ID", f"<{meta_id}>"),
                     ("Content-Type", "application/warc-fields"), ("WARC-Warcinfo-ID", f"<{info_id}>"),
                     ("WARC-Refers-To", f"<{rsp_id}>"), ("WARC-Target-URI", url)], meta.encode("ascii"))
            if kind == "article":
                resp_id[slot[1]] = rsp_id
            if time.time() - last > 30:
                last = time.time()
                print(f"gen_warc: {pos + 1}/{len(slots)} fetches, {html_bytes / 1e6:.1f} MB of HTML, {last - t0:.0f} s", file=sys.stderr)
    os.replace(tmp, args.out)

    per_kind = collections.Counter()
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as f:
            f.write("record_id_a\trecord_id_b\tkind\n")
            for i, d in enumerate(docs):
                if d["kind"] is None:
                    continue
                f.write(f"{resp_id[d['parent']]}\t{resp_id[i]}\t{d['kind']}\n")
                per_kind[(d["lang"], d["kind"])] += 1
    else:
        for d in docs:
            if d["kind"]:
                per_kind[(d["lang"], d["kind"])] += 1
    if args.families:
        root = {}
        for i, d in enumerate(docs):
            if d["kind"] is not None:
                r = d["parent"]
                while docs[r]["kind"] is not None:
                    r = docs[r]["parent"]
                root[i] = root[r] = r
        fam_no = {r: k + 1 for k, r in enumerate(sorted(set(root.values()), key=lambda r: resp_id[r]))}
        with open(args.families, "w", encoding="utf-8") as f:
            f.write("record_id\tfamily\n")
            for i in sorted(root, key=lambda i: resp_id[i]):
                f.write(f"{resp_id[i]}\t{fam_no[root[i]]}\n")

    el = time.time() - t0
    e = lambda *a: print("gen_warc:", *a, file=sys.stderr)
    e(f"{sum(w.types.values())} records: " + ", ".join(f"{k} {v}" for k, v in sorted(w.types.items())))
    e("responses: " + ", ".join(f"{ct} {st}: {v}" for (ct, st), v in sorted(resp.items(), key=lambda x: (-x[1], x[0]))))
    e(f"fetches: {stats['article']} articles ({sum(1 for d in docs if d['lang'] == 'ru')} Russian), {stats['404']} 404 pages, "
      f"{stats['redirect']} redirects, {stats['jpeg']} JPEG, {stats['pdf']} PDF; bodies stored chunked {stats['chunked']}, "
      f"Content-Encoding gzip {stats['enc_gzip']}, decoded with X-Crawler-Content-Encoding {stats['enc_x-crawler']}, truncated {stats['truncated']}")
    e("HTML pages by charset (real / declared in / label): " + ", ".join(f"{a} {b}{' ' + c if c else ''}: {v}" for (a, b, c), v in sorted(charsets.items())))
    e(f"planted pairs {sum(per_kind.values())}: " + ", ".join(f"{l}/{k} {v}" for (l, k), v in sorted(per_kind.items())))
    e(f"{len(sites)} sites; HTML payload {html_bytes / 1e6:.1f} MB (article text {text_bytes / 1e6:.2f} MB), "
      f"WARC uncompressed {w.raw_bytes / 1e6:.1f} MB, compressed {w.gz_bytes / 1e6:.1f} MB ({w.raw_bytes / max(1, w.gz_bytes):.2f}x); {el:.0f} s")


# ---------------------------------------------------------------------------------------------
# Check

WHATWG = {"utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8", "windows-1251": "cp1251", "cp1251": "cp1251",
          "x-cp1251": "cp1251", "windows-1252": "cp1252", "cp1252": "cp1252", "iso-8859-1": "cp1252", "latin1": "cp1252",
          "iso8859-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252", "koi8-r": "koi8_r"}
META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)


def iter_members(path):
    """(compressed offset, uncompressed bytes) of each gzip member; raises on a truncated file."""
    with open(path, "rb") as f:
        d = zlib.decompressobj(31)
        out = []
        consumed = 0      # compressed bytes fed so far
        start = 0
        buf = b""
        started = False
        while True:
            if not buf:
                buf = f.read(1 << 18)
                if not buf:
                    break
                consumed += len(buf)
            started = True
            out.append(d.decompress(buf))
            if d.eof:
                buf = d.unused_data
                yield start, b"".join(out)
                start = consumed - len(buf)
                out = []
                d = zlib.decompressobj(31)
                started = False
            else:
                buf = b""
        if started:
            raise ValueError(f"truncated gzip member at offset {start}")


def _guard(it, problems):
    try:
        yield from it
    except (ValueError, zlib.error) as ex:
        problems.append(f"gzip layer: {ex}")


def parse_headers(lines):
    h = {}
    for ln in lines:
        k, sep, v = ln.partition(":")
        if not sep:
            raise ValueError(f"bad header line {ln!r}")
        h[k.strip().lower()] = v.strip()
    return h


def dechunk(data):
    out, pos = [], 0
    while True:
        eol = data.index(b"\r\n", pos)
        n = int(data[pos:eol].split(b";")[0], 16)
        pos = eol + 2
        if n == 0:
            if data[pos:pos + 2] != b"\r\n":
                raise ValueError("chunked body: no final CRLF")
            return b"".join(out), len(data) - pos - 2
        out.append(data[pos:pos + n])
        if data[pos + n:pos + n + 2] != b"\r\n":
            raise ValueError("chunked body: chunk not followed by CRLF")
        pos += n + 2


def check(path, truth):
    t0 = time.time()
    problems = []
    types = collections.Counter()
    resp_kinds = collections.Counter()
    charset_stats = collections.Counter()
    nonascii = collections.Counter()
    legacy_not_utf8 = collections.Counter()
    ids = set()
    html200 = set()
    pending_req = {}     # request id -> target uri
    last_response = None
    members = 0
    raw = 0
    first = True
    enc_stats = collections.Counter()

    def bad(off, msg):
        if len(problems) < 50:
            problems.append(f"member at {off}: {msg}")
        else:
            problems.append(None)

    for off, data in _guard(iter_members(path), problems):
        members += 1
        raw += len(data)
        if not data.startswith(b"WARC/1.0\r\n"):
            bad(off, "does not start with WARC/1.0")
            continue
        he = data.find(b"\r\n\r\n")
        try:
            h = parse_headers(data[10:he].decode("utf-8").split("\r\n"))
        except ValueError as ex:
            bad(off, str(ex))
            continue
        cl = int(h.get("content-length", "-1"))
        block = data[he + 4:he + 4 + cl]
        rest = data[he + 4 + cl:]
        if len(block) != cl:
            bad(off, f"Content-Length {cl} but the member holds {len(data) - he - 4} bytes after the header")
        if rest != b"\r\n\r\n":
            bad(off, f"after the block: {rest[:20]!r} (expected CRLF CRLF and the end of the member)")
        wt = h.get("warc-type", "?")
        types[wt] += 1
        rid = h.get("warc-record-id", "")
        if not re.fullmatch(r"<urn:uuid:[0-9a-f\-]{36}>", rid):
            bad(off, f"bad WARC-Record-ID {rid!r}")
        if rid in ids:
            bad(off, f"duplicate WARC-Record-ID {rid}")
        ids.add(rid)
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", h.get("warc-date", "")):
            bad(off, f"bad WARC-Date {h.get('warc-date')!r}")
        if "warc-block-digest" in h and sha1_b32(block) != h["warc-block-digest"]:
            bad(off, "WARC-Block-Digest mismatch")
        if first:
            if wt != "warcinfo":
                bad(off, "first record is not warcinfo")
            first = False
            continue
        if wt == "request":
            if not block.startswith(b"GET "):
                bad(off, "request block is not a GET")
            pending_req[rid] = h.get("warc-target-uri")
        elif wt == "response":
            conc = h.get("warc-concurrent-to")
            if conc not in pending_req:
                bad(off, f"response {rid} has no request record before it")
            elif pending_req.pop(conc) != h.get("warc-target-uri"):
                bad(off, "request and response target URIs differ")
            if h.get("content-type") != "application/http; msgtype=response":
                bad(off, f"response Content-Type {h.get('content-type')!r}")
            last_response = rid
            try:
                status, ctype, charset_hdr, body, info = parse_http(block, h)
            except (ValueError, zlib.error, OSError) as ex:
                bad(off, f"HTTP message: {ex}")
                continue
            for k in info:
                enc_stats[k] += 1
            if "warc-payload-digest" in h:
                hb = block.index(b"\r\n\r\n") + 4
                if sha1_b32(block[hb:]) != h["warc-payload-digest"]:
                    bad(off, "WARC-Payload-Digest mismatch")
            media = ctype.split(";")[0].strip().lower() if ctype else "-"
            resp_kinds[(media, status)] += 1
            if media == "text/html" and body:
                bom = body.startswith(b"\xef\xbb\xbf")
                m = META_RE.search(body[:1024])
                meta = m.group(1).decode("ascii").lower() if m else None
                if META_RE.search(body[1024:4096]) and not m:
                    bad(off, "meta charset after the first 1024 bytes")
                hdr = charset_hdr.lower() if charset_hdr else None
                for lab in (hdr, meta):
                    if lab and lab not in WHATWG:
                        bad(off, f"unknown charset label {lab!r}")
                if hdr and meta and WHATWG.get(hdr) != WHATWG.get(meta):
                    bad(off, f"HTTP charset {hdr} and meta charset {meta} disagree")
                label = "utf-8" if bom else hdr or meta
                where = "bom" if bom else "header" if hdr else "meta" if meta else "none"
                codec = WHATWG.get(label, "cp1252") if label else "cp1252"
                try:
                    text = body[3 if bom else 0:].decode(codec)
                except UnicodeDecodeError as ex:
                    bad(off, f"body does not decode as declared {label or 'nothing (windows-1252)'}: {ex}")
                    continue
                charset_stats[(codec, where)] += 1
                if any(ord(c) > 127 for c in text):
                    nonascii[codec] += 1
                    if codec != "utf-8":
                        try:
                            body.decode("utf-8")
                        except UnicodeDecodeError:
                            legacy_not_utf8[codec] += 1
                if codec == "cp1251" and sum(1 for c in text if "а" <= c.lower() <= "я") < 200 and status == 200:
                    bad(off, "windows-1251 page with little Cyrillic text")
                if status == 200:
                    html200.add(rid[1:-1])
        elif wt == "metadata":
            if h.get("warc-refers-to") != last_response:
                bad(off, "metadata record does not follow the response it refers to")
        elif wt != "warcinfo":
            bad(off, f"unexpected WARC-Type {wt}")
    if pending_req:
        problems.append(f"{len(pending_req)} request records without a response")
    ntruth = 0
    if truth:
        with open(truth, encoding="utf-8") as f:
            head = f.readline().rstrip("\n").split("\t")
            if head != ["record_id_a", "record_id_b", "kind"]:
                problems.append(f"truth header {head}")
            for ln in f:
                a, b, k = ln.rstrip("\n").split("\t")
                ntruth += 1
                for x in (a, b):
                    if x not in html200:
                        problems.append(f"truth id {x} is not an HTML 200 response of the file")
    shown = [p for p in problems if p]
    el = time.time() - t0
    out = lambda *a: print("check:", *a)
    out(f"{members} gzip members = {sum(types.values())} records ({', '.join(f'{k} {v}' for k, v in sorted(types.items()))}), "
        f"{raw / 1e6:.1f} MB uncompressed, {os.path.getsize(path) / 1e6:.1f} MB compressed")
    out("responses: " + ", ".join(f"{ct} {st}: {v}" for (ct, st), v in sorted(resp_kinds.items(), key=lambda x: (-x[1], x[0]))))
    out("body encodings: " + ", ".join(f"{k} {v}" for k, v in sorted(enc_stats.items())))
    out("HTML decoded by (codec, declared in): " + ", ".join(f"{c}/{w} {v}" for (c, w), v in sorted(charset_stats.items())))
    out("pages with non-ASCII text: " + ", ".join(f"{c} {v}" for c, v in sorted(nonascii.items()))
        + "; of them legacy-encoded pages that are not valid UTF-8: " + ", ".join(f"{c} {v}" for c, v in sorted(legacy_not_utf8.items())))
    if truth:
        out(f"truth: {ntruth} pairs, all ids HTML 200 responses of the file: {'yes' if not any('truth id' in p for p in shown) else 'NO'}")
    if shown:
        for p in shown[:50]:
            out("PROBLEM", p)
        out(f"FAILED: {len(problems)} problems ({el:.1f} s)")
        return 1
    out(f"OK: every record's Content-Length matches its block, one record per member, every response has its request "
        f"before it and its metadata after it, all declared charsets decode ({el:.1f} s)")
    return 0


def parse_http(block, wh):
    he = block.index(b"\r\n\r\n")
    lines = block[:he].decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3}) ", lines[0])
    if not m:
        raise ValueError(f"bad status line {lines[0]!r}")
    status = int(m.group(1))
    h = parse_headers(lines[1:])
    body = block[he + 4:]
    info = []
    if h.get("transfer-encoding", "").lower() == "chunked":
        body, trailer = dechunk(body)
        if trailer:
            raise ValueError("bytes after the last chunk")
        info.append("chunked")
    elif "content-length" in h and int(h["content-length"]) != len(body) and "warc-truncated" not in wh:
        raise ValueError(f"HTTP Content-Length {h['content-length']} but body has {len(body)} bytes")
    if "warc-truncated" in wh:
        info.append("truncated")
    if h.get("content-encoding", "").lower() == "gzip":
        body = zlib.decompress(body, 31) if "warc-truncated" not in wh else body
        info.append("gzip")
    if "x-crawler-content-encoding" in h:
        info.append("x-crawler-decoded")
    if status in (301, 302) and "location" not in h:
        raise ValueError("redirect without Location")
    ctype = h.get("content-type")
    cs = None
    if ctype:
        mm = re.search(r"charset=\"?([^\s;\"]+)", ctype, re.I)
        cs = mm.group(1) if mm else None
    return status, ctype, cs, body, info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="the .warc.gz to write")
    ap.add_argument("--mb", type=float, default=100, help="MB (10^6 bytes) of HTML payload")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--truth", help="planted pairs: record_id_a<TAB>record_id_b<TAB>kind (with --check: verify its ids)")
    ap.add_argument("--families", help="id<TAB>family for every response of a planted family (source and all copies, "
                    "chains included), so that siblings are not counted as spurious")
    ap.add_argument("--sites", type=int, default=40)
    ap.add_argument("--check", metavar="FILE", help="verify FILE instead of generating")
    ap.add_argument("--train", nargs="+", default=[os.path.join(HERE, "..", "..", "shared", "data", "pan13-train", "src", "*.txt")])
    ap.add_argument("--thesaurus", default="/usr/share/mythes/th_en_US_v2.dat")
    args = ap.parse_args()
    if args.check:
        sys.exit(check(args.check, args.truth))
    if not args.out:
        ap.error("--out (or --check) is required")
    if args.sites < 2:
        ap.error("--sites must be at least 2")
    generate(args)


gc = None

if __name__ == "__main__":
    main()
