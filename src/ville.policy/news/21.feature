The site content provider gives the theme the schedule boundary (`schedule_boundary`), for its memoized page chrome; the review owners vocabulary reads the staff once per request.
