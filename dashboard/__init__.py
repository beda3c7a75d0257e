"""The desk's dashboard: the admin's front page for editors, authors and moderators.

It sits above both content apps (it reads ``articles`` and ``comments``
figures) and below nothing: no other app imports it.

- ``panels``: who sees what (one small function per role) and each panel's
  figures, computed by the apps' selectors and kept briefly in the cache;
- ``charts``: the geometry of the server-rendered SVG charts (bars for
  months, stacked columns for days), mirrored for right-to-left pages;
- ``admin``: the admin's index shows the panels above the list of apps.
"""
