"""The curriculum and policies a new install starts with (plain data, no Django imports).

The data migration `0002_starter_content` loads these into empty tables; admins then edit
them in the app. Platform features change often: each technical module says so, and the
analytics modules describe what the platforms report rather than promise exact screens.
"""

from __future__ import annotations

from textwrap import dedent
from typing import TypedDict


class ModuleData(TypedDict):
    title: str
    kind: str
    minutes: int
    self_study: bool
    body: str


class CourseData(TypedDict):
    slug: str
    title: str
    platform: str | None
    summary: str
    modules: list[ModuleData]


class PolicyData(TypedDict):
    slug: str
    title: str
    summary: str
    label: str
    asks_disclaimer: bool
    body: str


def _md(text: str) -> str:
    return dedent(text).strip() + "\n"


CHANGES_NOTE = (
    "\n*Platforms change their features often. If something here no longer matches the app, "
    "tell the social media team so we can update this module.*\n"
)


def _technical(title: str, body: str, minutes: int = 30) -> ModuleData:
    # Technical features are walked through in the training session, while setting the
    # account up together, so a session completes them rather than self-study.
    return {
        "title": title,
        "kind": "technical",
        "minutes": minutes,
        "self_study": False,
        "body": _md(body) + CHANGES_NOTE,
    }


def _best_practices(title: str, body: str, minutes: int = 20) -> ModuleData:
    return {
        "title": title,
        "kind": "best_practices",
        "minutes": minutes,
        "self_study": True,
        "body": _md(body),
    }


def _analytics(title: str, body: str, minutes: int = 15) -> ModuleData:
    return {
        "title": title,
        "kind": "analytics",
        "minutes": minutes,
        "self_study": False,
        "body": _md(body),
    }


def _professionalism(title: str, body: str, minutes: int = 10) -> ModuleData:
    return {
        "title": title,
        "kind": "professionalism",
        "minutes": minutes,
        "self_study": True,
        "body": _md(body),
    }


# ------------------------------------------------------------------ professionalism

PROFESSIONALISM: CourseData = {
    "slug": "professionalism-and-policy",
    "title": "Professionalism and policy",
    "platform": None,
    "summary": (
        "What every ambassador needs before posting as a professional, whatever the platform: "
        "accounts, patient privacy, respect, colleagues, paid partnerships, conferences, "
        "advocacy and misinformation, and our policies."
    ),
    "modules": [
        _professionalism(
            "Personal and professional accounts",
            """
            Keep two kinds of presence apart.

            - **Professional account** — public, in your real name, with your credentials
              and affiliation. It is where you share your expertise, your research and your
              colleagues' work. This is the account the program trains, connects and ranks.
            - **Personal account** — family, holidays, hobbies. Preferably private, for the
              sake of the people in your photos. WhiteCoat never connects or ranks it.

            Before posting, pause and ask **why you are sharing this**. A blurry photo of
            the kids at an orchard belongs on the personal account. A close-up of apples
            with general advice on healthy eating can go on the professional one, where your
            title adds credibility to patient education.

            ## On the professional account

            - Use the same name colleagues and patients know you by, e.g. “Dana Lee, MD”.
            - Say who you are in the bio: credentials, specialty, institution, and the
              disclaimer our policy asks for (see *“Views are my own”*).
            - Expect anything you post to be read by patients, colleagues, journalists and
              your chair — and to be screenshotted.
            - Don't follow back patients from the professional account by reflex; you don't
              have to, and connections can blur the clinical relationship.

            ## Switching accounts

            Most apps let you be signed in to several accounts. Check which account is
            active before you post or reply: posting a personal aside from the professional
            account is one of the commonest slips.
            """,
        ),
        _professionalism(
            "Patient privacy: no photos or videos on the job",
            """
            **Don't take photos or videos on the job.** It almost goes without saying, yet
            clinicians still post clips made in clinical areas, or re-enact real clinical
            events for laughs. Patients, families and colleagues did not agree to be content.

            ## What counts as identifying

            Under HIPAA, a patient can be identified by much more than a name or a face:

            - dates (admission, surgery, birth), ages over 89, locations smaller than a state;
            - a rare condition, an unusual injury or a story from the local news;
            - wristbands, charts, screens, whiteboards, X-rays and bed labels in the
              background of a photo;
            - tattoos, voices, distinctive clothing, or simply the day you say it happened.

            Changing the name is not de-identification. If the patient, their family or a
            co-worker could recognise the case, don't post it.

            ## When a patient wants to be featured

            A patient story is possible only through the institution: the social media or
            communications team obtains a **written HIPAA authorisation and consent** on the
            approved form, before anything is filmed or written. A patient's “sure, post it”
            in clinic is not enough.

            ## Questions from the public

            - Answer general questions with general information and reliable sources.
            - Never give individual medical advice online, and never discuss a specific
              patient, even one who contacts you publicly. Suggest they contact their own
              clinician or the clinic's appointment line.
            - Don't confirm that someone is, or was, your patient.
            """,
            minutes=15,
        ),
        _professionalism(
            "Treat conversations as you would in a hallway",
            """
            Social media is real life. When you post in a professional capacity, be mindful
            of your audience and treat conversations as you would **in a hallway, an office
            or a meeting**.

            ## Never disparage another profession

            Don't publicly disparage any other medical profession — nurses, pharmacists,
            physician assistants, other specialties, other institutions — ever. Disagree
            with ideas and evidence, not with people or professions, and take disputes about
            a colleague offline.

            ## Bring levity, not contempt

            Humour works: physician comedians show that the absurdities of training can make
            people laugh. Laugh with the profession; don't laugh at patients, their bodies or
            their choices, and don't mock colleagues.

            ## When it gets heated

            - Reply once, calmly, with evidence — or don't reply. You don't owe anyone an
              argument.
            - Mute, block and report harassment. Tell the social media team about threats
              or coordinated attacks: we can help, and security may need to know.
            - Don't post angry. Draft it, wait, and re-read it as your chair, a patient and a
              journalist would.
            """,
        ),
        _professionalism(
            "Promote your colleagues",
            """
            **Robustly promote the accomplishments of colleagues.** Those who want to see you
            win will help you win, and the reach you give them goes well beyond internal
            mailing lists.

            - Repost colleagues' publications with a sentence on why they matter.
            - Announce their talks, grand rounds and webinars, with the link to join.
            - Celebrate trainees: matches, awards, first papers, graduations (with their
              agreement).
            - Tag the people and the institution's accounts, so the institutional accounts
              can amplify you in turn.
            - Credit co-authors, the lab and the funders when you share your own work.

            Amplifying others is also how a new account grows: people notice who
            consistently shares good work.
            """,
            minutes=5,
        ),
        _professionalism(
            "Paid partnerships and conflicts of interest",
            """
            **Think hard before entering a paid partnership**, and if you do, **always
            disclose it**.

            ## Before you say yes

            Partnering ties your public image to a brand. Social media is public, and public
            perception is judge and jury: you don't want to look “in the pocket” of any
            company. Ask yourself whether “swipe up to save 20 % with code DOCTOR” for a
            medical product is worth that. Also check:

            - the institution's conflict-of-interest rules, which may require you to declare
              or obtain approval for the relationship;
            - that you are not implying the institution endorses the product — no
              institutional logos, uniforms or premises in sponsored content.

            ## Disclose, every time

            Disclose any material connection — payment, free products, travel, equity,
            affiliate links — in the post itself, not only on your profile:

            - use the platform's **“Paid partnership”** or branded-content label where it
              exists (Instagram, Facebook, TikTok, YouTube's paid-promotion setting);
            - and say it in words at the start of the post: **#ad**, “Sponsored by …”,
              “I was paid by … to talk about …”. In the US the FTC's endorsement guides
              require clear disclosure.

            Disclose relevant financial relationships also when you comment on a company's
            products or a competitor's, even in an unpaid post.
            """,
        ),
        _professionalism(
            "Conference takeaways",
            """
            **Share the most salient points from conferences.** Colleagues who had to miss a
            session appreciate the takeaways, and it engages both speakers and audience.

            - Check the meeting's social media policy first. Some sessions forbid photos of
              slides, and late-breaking results may be **embargoed** until a set time.
            - Credit the speaker (tag them) and use the official conference hashtag.
            - Share the finding and its context: the population, the size of the effect,
              whether it is preliminary (an abstract is not a peer-reviewed paper).
            - A short thread or carousel after the session often beats live-posting every
              slide.
            - Don't photograph attendees without asking, and never patient images from a
              case presentation.
            """,
            minutes=5,
        ),
        _professionalism(
            "Advocacy, education and debunking misinformation",
            """
            **Use your voice as a force for positive change, advocacy and education.** The
            program exists so that patients find accurate information from people who know —
            and it doesn't all have to be serious.

            ## Educate

            - Write for patients in plain language; explain what a finding means for them.
            - Link to a reliable source: the paper, a guideline, a patient-education page.
            - Stay in your lane, or say clearly when you speak outside your field.

            ## Debunk without amplifying

            1. **Lead with the fact**, clearly, in the first line.
            2. Mention the myth once, and say that it is wrong.
            3. Explain **why** it is wrong or misleading (the trick, the missing context).
            4. Repeat the fact.

            Respond to the claim, not the person; don't repost the misleading post itself —
            use a screenshot with the false claim labelled, or describe it. Be honest about
            uncertainty: “we don't know yet” is credible; overclaiming is not.

            ## Advocacy

            You may advocate on health policy as an individual. Be clear when a position is
            yours and not the institution's, and don't use institutional resources or
            accounts for political campaigning.
            """,
            minutes=15,
        ),
        _professionalism(
            "“Views are my own” and our policies",
            """
            Many institutions, including ours (see **Policies**), ask professional accounts to
            say that their views are their own — e.g. “Cardiologist at Example Health.
            Views my own.”

            ## What the disclaimer does

            - It tells readers you speak as an individual expert, not as the institution's
              spokesperson.

            ## What it doesn't do

            - It doesn't make a breach of patient privacy, a harassing post or an
              undisclosed sponsorship acceptable. Policies and professional standards apply
              to everything you post under your name.
            - It doesn't stop readers from associating you with your employer.

            ## Our policies

            The **Social media usage procedure** and the **Code of conduct for social
            media** are in WhiteCoat under *Training → Policies*. Read each one and
            acknowledge it; when a new version is published you'll be asked to acknowledge
            it again. Questions about them go to the social media team.
            """,
            minutes=5,
        ),
    ],
}


# --------------------------------------------------------------------------- X

X: CourseData = {
    "slug": "x",
    "title": "X (formerly Twitter)",
    "platform": "x",
    "summary": (
        "Short posts and threads that reach colleagues, journalists and policymakers: the "
        "place for research, conferences and timely expert comment."
    ),
    "modules": [
        _technical(
            "X: the features you'll use",
            """
            ## Profile

            - **Display name** (up to 50 characters) and **@handle** (up to 15): your name
              as colleagues know it, e.g. “Dana Lee, MD” and @DanaLeeMD.
            - **Bio** (160 characters), **location**, **website** link (your faculty page),
              profile photo and header image.
            - **Pinned post**: the first thing visitors see — pin an introduction or your
              best recent work.

            ## Posting

            - Posts are up to 280 characters on a free account, with up to 4 images, a
              video, a GIF or a poll. Add **alt text** to every image (“Add description”).
            - **Threads**: tap “+” while composing to chain posts — ideal for explaining a
              paper step by step.
            - **Reply**, **repost** and **quote** (repost with your comment). Mentions
              (@name) notify the person; tag co-authors and the institution's account.
            - You can choose **who can reply** to a post, and schedule posts on the web.

            ## Following and listening

            - **Lists** group accounts (colleagues in your specialty, journals, societies)
              into a timeline of their own; **Bookmarks** save posts privately.
            - **Communities** gather people around a topic; **Spaces** are live audio
              conversations you can host or join.

            ## Safety

            Mute words and accounts, block, and report abuse. Keep the professional account
            public (Settings → Privacy and safety → *Protect your posts* off).
            """,
        ),
        _best_practices(
            "X: best practices for physicians",
            """
            - **Bio formula**: role, focus, institution, disclaimer — “Cardiologist
              @ExampleHealth · heart failure & women's heart health · views my own”.
            - **Share your papers as a thread**: the key finding in the first post, then
              3–6 posts with the question, the method in plain words, a figure (with alt
              text), what it means for patients, and the link (DOI). Tag co-authors and the
              journal.
            - **Conferences**: use the official hashtag, credit speakers, respect embargoes
              and slide-photo policies.
            - **Hashtags**: one or two relevant ones, not a string of them.
            - **Engage**: reply to people who reply to you, and comment thoughtfully on
              others' work — conversation builds a following faster than broadcasting.
            - **Rhythm**: a few good posts a week beat many rushed ones.
            - **Misinformation**: reply once with the fact and a source, or quote-post a
              correction; don't pile on, and mute rather than argue.
            """,
        ),
        _analytics(
            "X: reading your analytics",
            """
            ## What X reports

            - Every post shows its **views** (impressions) publicly, with replies, reposts,
              likes and bookmarks.
            - Detailed analytics — the Analytics page and per-post breakdowns such as
              engagements, profile visits, link clicks and follows from a post — are part of
              X Premium at the time of writing. You don't need Premium for the program:
              WhiteCoat records your figures through the connection or an export.

            ## What to look at

            - **Follower growth** over a month, not day to day.
            - **Engagement rate** = engagements ÷ impressions: it shows what resonated,
              independently of how many people saw it.
            - **Link clicks** on posts that share publications.
            - **Video views** on clips.

            Look at your top three posts each month and ask what they share: a format (a
            thread, a figure), a topic, a time of day. Do more of that.
            """,
        ),
    ],
}

# ----------------------------------------------------------------------- LinkedIn

LINKEDIN: CourseData = {
    "slug": "linkedin",
    "title": "LinkedIn",
    "platform": "linkedin",
    "summary": (
        "Your professional profile and a feed read by colleagues, administrators, industry "
        "and recruiters: the place for achievements, research and leadership."
    ),
    "modules": [
        _technical(
            "LinkedIn: the features you'll use",
            """
            ## Profile

            - **Photo** and **background banner** (the institution's brand banner is
              available from the social media team).
            - **Headline** (up to 220 characters): shown with your name everywhere.
            - **About** (up to 2,600 characters), **Experience**, **Education**,
              **Licenses & certifications**, **Publications** and **Honors**.
            - **Featured** section: pin posts, links and documents to the top of your profile.
            - A **custom public URL** (linkedin.com/in/your-name) and a website link under
              *Contact info*.
            - **Verification**: verify your identity, and your workplace with your work
              e-mail where the institution supports it.

            ## Connections and followers

            Connections are mutual; followers see your posts without connecting. You can
            make **Follow** the primary button on your profile (Settings → Visibility), which
            suits a public professional presence.

            ## Posting

            - Posts of up to 3,000 characters with images, a video, a **document** (a PDF
              shown as swipeable slides), a poll or an event.
            - **Articles** for long form, and **newsletters** that subscribers are notified
              of.
            - Mention people and organisations with @, and add a few hashtags.
            - **Reactions** (Like, Celebrate, Support, Love, Insightful, Funny), comments and
              reposts (with or without your thoughts).
            """,
        ),
        _best_practices(
            "LinkedIn: best practices for physicians",
            """
            - **Headline**: role, focus, institution — “Interventional cardiologist at
              Example Health · structural heart disease · clinical researcher”.
            - **About**: three short paragraphs in the first person: what you do, for whom,
              and what you post about.
            - **The first two lines** of a post are all that show before “…see more”: put
              the point there.
            - **One idea per post.** A new paper: the question, the finding, why it matters,
              the link, and thanks to co-authors (tagged).
            - **Documents** (PDF slides) work well to teach: five slides on a guideline
              change, with sources on the last one.
            - **Celebrate others**: new colleagues, trainees' awards, grants, team
              milestones.
            - **Comment** thoughtfully on posts in your field; reply to comments on yours in
              the first hours.
            - **Connection requests** from patients: you may decline, or let them follow
              instead. Never discuss care in messages.
            """,
        ),
        _analytics(
            "LinkedIn: reading your analytics",
            """
            ## Where

            - **Post analytics** (under each of your posts): impressions, members reached,
              reactions, comments, reposts, and often saves, sends, profile views and
              followers gained from the post. It also shows **who** saw it: top job titles,
              locations, industries, company sizes and seniority.
            - **Analytics on your profile** (visible only to you): post impressions,
              followers, profile viewers and search appearances. Choose a period (up to a
              year) and export it.

            ## What to look at

            - **Follower growth** and **members reached** per month.
            - **Engagement** (reactions + comments + reposts) relative to impressions.
            - **Audience**: are you reaching the people you want — clinicians in your
              specialty, administrators, industry, journalists?
            - **Profile views** after a talk or a paper: a sign people look you up.
            """,
        ),
    ],
}

# ---------------------------------------------------------------------- Instagram

INSTAGRAM: CourseData = {
    "slug": "instagram",
    "title": "Instagram",
    "platform": "instagram",
    "summary": (
        "Photos, carousels, Reels and Stories for patient education that is visual, warm and human."
    ),
    "modules": [
        _technical(
            "Instagram: the features you'll use",
            """
            ## A professional account

            Switch the account to a **professional account** (Settings → *Account type and
            tools* → *Switch to professional account*; choose Creator). It is free, stays
            public, unlocks **Insights** and lets you show a category label such as *Doctor*.

            ## Profile

            Name (searchable), username, **bio** (150 characters), up to **5 links**,
            pronouns and a profile photo.

            ## Formats

            - **Feed posts**: one photo or video, or a **carousel** of several slides. Add
              **alt text** under *Advanced settings*.
            - **Reels**: vertical videos (9:16) of a few seconds to a few minutes, with
              sounds, text and automatic captions.
            - **Stories**: disappear after 24 hours; keep the good ones in **Highlights** on
              your profile. Stickers add polls, questions, links and mentions.
            - **Live** video, **Collab posts** (co-authored with another account and shown on
              both profiles — e.g. with the institution's account), and broadcast channels.
            - Captions up to 2,200 characters with mentions and hashtags.

            ## Controls

            Comment filters and **hidden words**, Restrict, block and report. For sponsored
            content, turn on the **Paid partnership** label when posting.
            """,
        ),
        _best_practices(
            "Instagram: best practices for physicians",
            """
            - **Teach in carousels**: “5 myths about statins”, one per slide, sources on the
              last slide and in the caption. Use large, high-contrast text.
            - **Reels**: hook in the first two seconds, put captions on screen, one message
              per video. Film in an office or a studio — never in a clinical area — and
              check the background for screens, charts, whiteboards and wristbands.
            - **Stories** for behind the scenes of research and conferences; a question
              sticker invites general questions — answer them generally, never with
              individual advice.
            - **Collab posts** with the institution's account reach both audiences.
            - **Faces** work: people follow people. Let your personality show, with the same
              professionalism as in clinic.
            - Keep your personal account private and separate.
            """,
        ),
        _analytics(
            "Instagram: reading your Insights",
            """
            ## Where

            The **professional dashboard** on your profile, and *View insights* under each
            post, Reel and Story.

            ## What Instagram reports

            - **Views**: how many times your content was seen — Instagram's main figure.
            - **Reach**: how many accounts saw it, split into **followers and
              non-followers** (non-followers reached means growth potential).
            - **Interactions**: likes, comments, shares, saves and reposts. **Saves and
              shares** are the best sign that a post was useful.
            - **Profile activity**: profile visits, link taps and follows.
            - For Reels: watch time and average watch time.
            - **Audience**: follower growth and, above a minimum number of followers, top
              locations, age ranges and gender.

            Compare formats over a month: which of carousels, Reels or single images earned
            the most saves and shares per view?
            """,
        ),
    ],
}

# ------------------------------------------------------------------------ TikTok

TIKTOK: CourseData = {
    "slug": "tiktok",
    "title": "TikTok",
    "platform": "tiktok",
    "summary": (
        "Short vertical videos discovered mostly through the For You feed: reach new, "
        "younger audiences and counter misinformation where it spreads."
    ),
    "modules": [
        _technical(
            "TikTok: the features you'll use",
            """
            ## Account

            - **Name**, **username**, **bio** (80 characters), photo or short video.
            - A **Business account** (Settings → Account) adds a website link and business
              tools but limits you to TikTok's commercial music library; a personal account
              gets a bio link once it has enough followers. Ask the team which suits you.

            ## Making videos

            - Record in the app or upload; add **text**, **automatic captions**, voice-over,
              stickers and sounds. Original audio (your voice) suits professional content.
            - **Photo mode** makes swipeable photo posts.
            - **Stitch** (a clip of someone's video, then yours) and **Duet** (side by side)
              let you respond to other videos — useful for correcting misinformation. You
              control whether others can stitch or duet your videos.
            - **Reply to a comment with a video**: a good way to answer a common question.
            - **Pin** up to three videos to the top of your profile; group series in
              **playlists**.
            - **LIVE** is available above an age and follower threshold.

            ## Controls

            Comment filters and keyword filters, who can comment, duet and stitch, block and
            report. Turn on the **content disclosure** setting for any sponsored video.
            """,
        ),
        _best_practices(
            "TikTok: best practices for physicians",
            """
            - **Hook** in the first seconds (“Three things your cardiologist wishes you knew
              about…”), then **one message per video**.
            - **Captions on screen**: many people watch without sound.
            - **Myth-busting by Stitch**: show the claim briefly, then the fact and why the
              claim is wrong; attack the claim, never the person.
            - **Never film at work**: no clinical areas, no patients or colleagues in the
              background, no re-enacting real clinical events. These are the videos that
              end careers.
            - **Trends**: join only when the trend fits your message and doesn't trivialise
              patients or another profession.
            - **Consistency**: a recognisable format or series helps people come back.
            - Good TikToks are often repurposed by the institution's accounts — with your
              consent and credit.
            """,
        ),
        _analytics(
            "TikTok: reading your analytics",
            """
            ## Where

            **Analytics** in the creator tools (TikTok Studio), for every account.

            ## What TikTok reports

            - **Overview**: video views, profile views, likes, comments, shares and follower
              growth over recent periods.
            - **Per video**: total play time, **average watch time**, the share of viewers
              who **watched the full video**, new followers, and **traffic sources** — For
              You, Following, your profile, search or sound.
            - **Followers**: gender, age, top locations and when they are most active.

            ## What to look at

            - **Average watch time ÷ video length**: retention. If people leave early, tighten
              the opening.
            - **Search** as a traffic source: people are looking for your topic — make more.
            - **Shares**: the clearest sign a video was useful.
            """,
        ),
    ],
}

# ----------------------------------------------------------------------- YouTube

YOUTUBE: CourseData = {
    "slug": "youtube",
    "title": "YouTube",
    "platform": "youtube",
    "summary": (
        "Explainer videos people find through search for years: the place for patient "
        "education in depth, with Shorts to bring viewers in."
    ),
    "modules": [
        _technical(
            "YouTube: the features you'll use",
            """
            ## Channel

            - A channel has a **name**, an **@handle**, a description, links, a banner and a
              profile picture.
            - A **Brand Account** channel lets you add managers — for example the social
              media team, to help with uploads — without sharing your password.
            - In some countries, including the US, licensed health professionals can apply
              for YouTube's **health source information panels**, which mark their videos as
              from a credible health source.

            ## Formats

            - **Videos** (landscape, any length once your account is verified), **Shorts**
              (vertical, up to about three minutes), **Live**, **Posts** (text, images and
              polls for subscribers) and **playlists**.

            ## Uploading

            - **Title** (100 characters) and **description**; **custom thumbnail** (needs a
              verified account).
            - **Chapters**: timestamps in the description, starting at 0:00.
            - **Captions**: check and correct the automatic ones, or upload your own.
            - **End screens** and **cards** link to your other videos.
            - Set **Made for kids** (normally *No* for professional content), visibility
              (public, unlisted, private) or schedule a time.
            - Tick **paid promotion** when a video is sponsored, and disclose realistic
              AI-altered or synthetic content when asked.
            - **Comments**: hold potentially inappropriate comments for review.
            """,
        ),
        _best_practices(
            "YouTube: best practices for physicians",
            """
            - **Answer the questions patients search for**, in their words: “What is atrial
              fibrillation? A cardiologist explains”. Build them from common questions,
              never from a specific patient's case.
            - **Structure**: the answer early, then the details, then what to ask your own
              doctor. Add chapters.
            - **Thumbnails**: your face and three or four words. Titles should promise only
              what the video delivers.
            - **Sources** in the description, with links.
            - **Shorts** work as trailers pointing to a longer video, and on their own for
              single facts.
            - **Production**: a quiet room, a lapel microphone and good light matter more
              than the camera. Check the background for anything identifying.
            - Say in the video and the description that it is general information, not
              individual medical advice.
            """,
        ),
        _analytics(
            "YouTube: reading YouTube Studio analytics",
            """
            ## Where

            **YouTube Studio → Analytics**, for the channel and for each video, with tabs for
            reach, engagement, audience and research (what viewers search for).

            ## What YouTube reports

            - **Views**, **watch time** (hours) and **subscribers** gained or lost.
            - **Impressions** (how often your thumbnails were shown on YouTube) and
              **impressions click-through rate**: low rates point at the title and thumbnail.
            - **Average view duration** and the **audience retention** graph: where people
              stop watching.
            - **Traffic sources**: YouTube search, suggested videos, browse features,
              external sites.
            - **Audience**: new and returning viewers, geography, age and gender.
            - For Shorts: how many chose to view rather than swipe away.

            Improve the title and thumbnail when click-through is low, and the opening when
            people leave in the first 30 seconds.
            """,
        ),
    ],
}

# ----------------------------------------------------------------------- Threads

THREADS: CourseData = {
    "slug": "threads",
    "title": "Threads",
    "platform": "threads",
    "summary": (
        "Meta's text conversation app, linked to Instagram: quick expert context on the "
        "news and conversations with a broad audience."
    ),
    "modules": [
        _technical(
            "Threads: the features you'll use",
            """
            ## Profile

            A Threads profile is usually created from an Instagram account and shares its
            username; the bio, link and picture can be imported from Instagram.

            ## Posting

            - Posts of up to 500 characters, with links, photos, videos and polls.
            - One **topic tag** per post connects it to conversations on that topic.
            - **Reply**, **repost** and **quote**; mention people with @.
            - Two feeds: **For you** and **Following**.
            - **Fediverse sharing** (optional, for public profiles where available) shows
              your posts to people on Mastodon and other fediverse servers.

            ## Controls

            Choose who can reply and mention you, hide words, hide replies, block and
            report. Keep the professional profile public.
            """,
            minutes=20,
        ),
        _best_practices(
            "Threads: best practices for physicians",
            """
            - **Be conversational**: ask questions, reply to replies. Threads rewards
              conversation more than links.
            - **Add expert context** to health news: quote the story with what it means and
              what it doesn't.
            - **Pick the topic tag** your audience follows (a specialty, “Science”,
              “Health”).
            - **Adapt, don't mirror**: if you also post on Instagram, rewrite for text
              rather than cross-posting captions.
            - The same rules apply as everywhere: no individual advice, no patient details.
            """,
        ),
        _analytics(
            "Threads: reading your Insights",
            """
            ## Where

            **Insights**, from your Threads profile, and the figures under each post.

            ## What Threads reports

            - **Views** of your posts and profile.
            - **Interactions**: likes, replies, reposts and quotes.
            - **Followers**: growth and, above a minimum number of followers, their
              countries, cities, age and gender.

            Look at which posts started conversations (replies) rather than only likes, and
            at follower growth month over month.
            """,
            minutes=10,
        ),
    ],
}

# ----------------------------------------------------------------------- Bluesky

BLUESKY: CourseData = {
    "slug": "bluesky",
    "title": "Bluesky",
    "platform": "bluesky",
    "summary": (
        "An open, decentralised network where many researchers and clinicians now post: "
        "custom feeds and starter packs help you find your community."
    ),
    "modules": [
        _technical(
            "Bluesky: the features you'll use",
            """
            ## Account and handle

            - Bluesky runs on the open AT Protocol; sign up in the app or at bsky.app.
            - Your handle starts as *name.bsky.social*, but you can use a **domain you
              control as your handle**. A handle under the institution's domain (ask the
              social media team) shows your affiliation at a glance.
            - Bluesky also marks some accounts as verified, including accounts verified by
              trusted organisations.

            ## Posting

            - Posts of up to 300 characters, with images (add **alt text**), a short video,
              a link card or a quote of another post; chain replies into threads.
            - Choose who can reply to a post, and detach your post from quotes you don't want.

            ## Finding people and being found

            - **Feeds**: *Following*, *Discover*, and **custom feeds** built by the community
              (science, medicine, specialties) that you can pin.
            - **Starter packs**: shareable lists of accounts to follow in one tap.
            - **Lists** for your own use, and moderation tools: muted words, blocks,
              moderation lists and optional labelling services.
            """,
            minutes=20,
        ),
        _best_practices(
            "Bluesky: best practices for physicians",
            """
            - **Join your field's custom feeds**: many pick posts by keyword, emoji or tag —
              read each feed's description to see how to be included.
            - **Starter packs**: ask to join your specialty's; the social media team can
              build one for the institution's ambassadors.
            - **Alt text** on every image: the community expects it.
            - **Links are welcome**: share papers with a sentence on why they matter.
            - **Introduce yourself** in a pinned post: who you are, what you'll post about.
            """,
        ),
        _analytics(
            "Bluesky: measuring without built-in analytics",
            """
            ## What Bluesky shows

            Bluesky has no analytics dashboard at the time of writing. Each post shows its
            **likes, reposts, replies and quotes**, and your profile shows your
            **followers**. There are no impression counts.

            ## How to measure

            - WhiteCoat records your **follower count** every day, so growth is visible over
              any period.
            - Count **engagements per post** (likes + reposts + replies + quotes) and compare
              formats and topics month over month.
            - Add **tracking parameters (UTM)** to links to the institution's pages, so the
              web analytics show the visits Bluesky sent.
            - Check with the social media team before connecting any third-party analytics
              tool to your account.
            """,
            minutes=10,
        ),
    ],
}

# ---------------------------------------------------------------------- Mastodon

MASTODON: CourseData = {
    "slug": "mastodon",
    "title": "Mastodon",
    "platform": "mastodon",
    "summary": (
        "A federation of independent servers with no recommendation algorithm: "
        "conversation-minded communities, found through hashtags."
    ),
    "modules": [
        _technical(
            "Mastodon: the features you'll use",
            """
            ## Servers and handles

            - Mastodon is many independent **servers** that talk to each other. You join one
              and can follow anyone on any server. Your handle is **@name@server**.
            - Pick a server whose rules suit professional use — a science or medicine server,
              or the institution's if it runs one. You can **move** later: your followers
              move with you, your posts stay behind.

            ## Profile

            - Display name, bio, avatar, header, and up to four **profile fields**.
            - **Verified links**: put your faculty page in a profile field; when that page
              links back to your profile with `rel="me"`, Mastodon shows the link as
              verified.

            ## Posting

            - Posts of 500 characters by default (servers may allow more), with up to four
              images or a video, and polls. Add **alt text**.
            - **Content warnings** hide a post's text behind a short summary — used for
              sensitive topics, as your server's rules ask.
            - **Visibility**: public, quiet public, followers only, or mentioned people only.
              Post publicly on the professional account.
            - **Boost** (repost) and **favourite**; pin posts to your profile.

            ## Discovery

            There is no algorithmic feed: people find you through **hashtags**, boosts and
            the *Explore* page of their server. You can follow hashtags too.
            """,
            minutes=25,
        ),
        _best_practices(
            "Mastodon: best practices for physicians",
            """
            - **Post an introduction** with #Introduction and the hashtags of your field.
            - **Hashtags are discovery**: use the established ones, in CamelCase
              (#PublicHealth), which screen readers read correctly.
            - **Alt text** is expected on every image.
            - **Conversation over promotion**: the community values discussion and dislikes
              marketing tones.
            - Follow your server's rules on content warnings.
            - Verify your faculty-page link (see the technical module): it is Mastodon's
              version of a checkmark.
            """,
        ),
        _analytics(
            "Mastodon: measuring without built-in analytics",
            """
            ## What Mastodon shows

            Each post shows its **boosts, favourites and replies**; your profile shows your
            **followers**. There are no impression counts, and server statistics are visible
            only to the server's administrators.

            ## How to measure

            - WhiteCoat records your **follower count** daily.
            - Compare **boosts and replies per post** by topic and format: boosts are how
              posts travel across servers.
            - Use **tracking parameters (UTM)** on links to the institution's pages to see
              visits in the web analytics.
            """,
            minutes=10,
        ),
    ],
}

# ---------------------------------------------------------------------- Facebook

FACEBOOK: CourseData = {
    "slug": "facebook",
    "title": "Facebook",
    "platform": "facebook",
    "summary": (
        "Where many patients, families and community groups still are: plain-language "
        "health information, events and video for a local audience."
    ),
    "modules": [
        _technical(
            "Facebook: the features you'll use",
            """
            ## Profile, professional mode or Page

            - Your **personal profile** is for friends and family; keep it personal.
            - A **Page** (e.g. category *Doctor* or *Public figure*) is a separate, public
              presence with followers, managed in **Meta Business Suite**. You can give the
              social media team a role on it to help.
            - **Professional mode** turns a personal profile into one with followers and a
              professional dashboard; if you use it, check the audience of every post.

            ## Formats

            Posts with text, photos, videos and links; **Reels**; **Stories**; **Live**;
            **Events**; and **Groups** (a group you run needs active moderation).

            ## Tools

            - Schedule posts and answer comments and messages in Meta Business Suite.
            - Set an **automatic reply** in the Page inbox pointing to the appointment line:
              never discuss care in messages.
            - Hide or delete comments, filter keywords, and ban accounts that abuse others.
            - Use the **paid partnership** (branded content) label for sponsored posts.
            """,
        ),
        _best_practices(
            "Facebook: best practices for physicians",
            """
            - **Write for patients and families**: plain language, local relevance (flu
              clinics, screenings, community events).
            - **Video** works: short explainers and Lives answering common questions.
            - **Share the institution's health content** with a sentence of your own.
            - **Moderate comments** under a posted comment policy: hide spam and
              misinformation, and reply with a correction and a source where it helps.
            - **Never answer patient-specific questions** in public or in messages: invite
              them to contact their clinician.
            """,
        ),
        _analytics(
            "Facebook: reading your Insights",
            """
            ## Where

            The **professional dashboard**, or **Meta Business Suite → Insights** for a Page.

            ## What Meta reports

            - **Views** (Meta's figure for how often content was seen) and **reach**
              (how many people saw it).
            - **Content interactions**: reactions, comments and shares; **link clicks**.
            - **Follows** and unfollows over the period.
            - **Audience**: age, gender and location of followers.
            - For Reels and videos: plays and average watch time.

            Compare formats over a month and export the figures from Meta Business Suite.
            """,
        ),
    ],
}

COURSES: list[CourseData] = [
    PROFESSIONALISM,
    X,
    LINKEDIN,
    INSTAGRAM,
    TIKTOK,
    YOUTUBE,
    THREADS,
    BLUESKY,
    MASTODON,
    FACEBOOK,
]


# ---------------------------------------------------------------------- policies

TEMPLATE_NOTE = _md(
    """
    > **Template — replace before relying on it.** WhiteCoat ships this text as a starting
    > point. Each institution should replace it with its own approved policy (reviewed by
    > compliance, privacy and legal), then publish that as a new version: every ambassador is
    > then asked to acknowledge it.
    """
)

POLICIES: list[PolicyData] = [
    {
        "slug": "social-media-usage-procedure",
        "title": "Social media usage procedure",
        "summary": "How faculty and staff use social media in a professional capacity.",
        "label": "Template 1",
        "asks_disclaimer": True,
        "body": TEMPLATE_NOTE
        + "\n"
        + _md(
            """
            ## Purpose and scope

            This procedure applies to faculty, staff, trainees and students who use social
            media in a professional capacity — when they identify themselves with the
            institution, or post about their work. It complements the Code of conduct for
            social media.

            ## Professional accounts

            1. Keep professional and personal accounts separate. A professional account uses
               your real name and states your role and affiliation.
            2. The bio of a professional account includes a statement that the views
               expressed are your own (e.g. “Views my own”).
            3. Do not present a personal professional account as an official institutional
               account, and do not use institutional logos as your profile picture.

            ## Institutional accounts

            4. New department, program or office accounts are not being created: follower
               growth of small unit accounts has fallen sharply, and the institution
               encourages **personal professional profiles** instead, amplified by the
               main institutional accounts. Requests for an exception go to the social media
               team.
            5. To get the word out about a story or event, ask the social media team to share
               it from an existing institutional account.

            ## Confidentiality and privacy

            6. Never post protected health information, or any image or detail from which a
               patient could be identified, without the patient's written authorisation
               obtained through the institution's process.
            7. Do not take photos or videos in clinical areas.
            8. Do not provide individual medical advice on social media.

            ## Disclosure

            9. Disclose any paid partnership or other material connection in the post
               itself, using the platform's paid-partnership label where available, and
               follow the conflict-of-interest policy.

            ## Media and crises

            10. Refer journalists' enquiries to the communications department. Report
                threats, harassment or a post that may harm patients to the social media team
                at once.

            ## Support

            The social media team offers consultations and training. Questions about this
            procedure go to them.
            """
        ),
    },
    {
        "slug": "social-media-code-of-conduct",
        "title": "Code of conduct for social media",
        "summary": "The standards of behaviour that apply whenever you post as a professional.",
        "label": "Template 1",
        "asks_disclaimer": False,
        "body": TEMPLATE_NOTE
        + "\n"
        + _md(
            """
            Social media is real life. The institution's code of conduct applies online as it
            does on campus: treat conversations as you would in a hallway, an office or a
            meeting.

            ## I will

            - **Be respectful**: disagree with ideas, never attack people, and never
              disparage another profession, colleague or institution.
            - **Be accurate**: share evidence, cite sources, correct my mistakes openly, and
              say when I speak outside my expertise.
            - **Protect privacy**: patients', colleagues' and students'. No photos or videos
              on the job.
            - **Be transparent**: disclose paid partnerships and conflicts of interest, and
              make clear that my views are my own.
            - **Promote others**: credit colleagues and trainees for their work.
            - **Use my voice for good**: education, advocacy and countering misinformation.

            ## I will not

            - Harass, threaten, discriminate against or demean anyone.
            - Post anything that could identify a patient without authorisation.
            - Give individual medical advice online.
            - Speak for the institution unless I am authorised to.

            ## Reporting

            Report harassment you receive or witness, and any breach of this code, to the
            social media team. Breaches are handled under the institution's usual
            procedures.
            """
        ),
    },
]
