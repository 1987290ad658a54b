"""Top-level domains an e-mail address may end in: every country-code TLD plus common generic ones.

A small list shipped with the code so no suffix list is fetched at run time (Presidio's e-mail
recognizer calls tldextract, which downloads the Public Suffix List on first use). Generated once from
the Public Suffix List snapshot bundled with tldextract 5.4 (Mozilla Public License 2.0): all
two-letter ASCII top-level entries, plus the generic TLDs below that also occur in it. An address with
a TLD outside this list still matches, at a score that needs a cue word (邮箱, email).
"""

from __future__ import annotations

COUNTRY_CODE_TLDS = frozenset(
    """
ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb be bf bg bh bi bj bm bn bo br bs bt bv bw
by bz ca cc cd cf cg ch ci cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg es et eu fi
fj fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im
in io iq ir is it je jo jp ke kg ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md
me mg mh mk ml mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no nr nu nz om pa pe pf
ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st
su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn
vu wf ws ye yt zm zw
""".split()
)

GENERIC_TLDS = frozenset(
    """
com net org edu gov mil int info biz name pro mobi asia tel travel jobs aero coop museum cat xyz top
vip club online site shop store tech app dev cloud email live life link work website space fun icu
ltd group company team world today news blog art design studio media network digital global center
services solutions support systems tools wang xin ren ink kim red pub plus run one
""".split()
)

KNOWN_TLDS = COUNTRY_CODE_TLDS | GENERIC_TLDS
